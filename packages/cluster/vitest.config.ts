import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@raft/source'] },
  ssr: { resolve: { conditions: ['@raft/source'] } },
  test: {
    name: 'cluster',
    include: ['src/**/*.test.ts'],
  },
});
