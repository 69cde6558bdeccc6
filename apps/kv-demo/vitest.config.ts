import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@raft/source'] },
  ssr: { resolve: { conditions: ['@raft/source'] } },
  test: {
    name: 'kv-demo',
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
  },
});
