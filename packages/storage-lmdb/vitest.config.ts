import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@raft/source'] },
  ssr: { resolve: { conditions: ['@raft/source'] } },
  test: {
    name: 'storage-lmdb',
    include: ['src/**/*.test.ts'],
  },
});
