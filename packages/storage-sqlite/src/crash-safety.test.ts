import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashSafetyConformance } from '@raft/testkit/conformance';
import { createSqliteStorage } from './index.js';

// SIGKILL a writer at random moments during appends, truncations, compactions and hard-state
// saves; reopen; everything acknowledged must be there, nothing torn or half-applied.
// RAFT_CRASH_ITERATIONS raises the count (`pnpm --filter @raft/storage-sqlite soak`);
// RAFT_CRASH_SEED replays one run.
const here = dirname(fileURLToPath(import.meta.url));

crashSafetyConformance('sqlite', {
  writerScript: join(here, 'test-support', 'crash-writer.ts'),
  cwd: join(here, '..'),
  open: async (dataDir) => createSqliteStorage({ dataDir }),
});

// The same with the writes on the write thread: a write acknowledged to the main thread must have
// committed (and fsynced) on the worker's connection.
crashSafetyConformance('sqlite (writeOnWorkerThread)', {
  writerScript: join(here, 'test-support', 'crash-writer-worker-thread.ts'),
  cwd: join(here, '..'),
  open: async (dataDir) => createSqliteStorage({ dataDir, writeOnWorkerThread: true }),
});
