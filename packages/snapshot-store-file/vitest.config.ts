import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@raft/source'] },
  ssr: { resolve: { conditions: ['@raft/source'] } },
  test: {
    name: 'snapshot-store-file',
    include: ['src/**/*.test.ts'],
  },
});
