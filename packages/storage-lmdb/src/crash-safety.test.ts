import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crashSafetyConformance } from '@raft/testkit/conformance';
import { createLmdbStorage } from './index.js';

// SIGKILL a writer at random moments during appends, truncations, compactions and hard-state
// saves; reopen; everything acknowledged must be there, nothing torn or half-applied.
// RAFT_CRASH_ITERATIONS raises the count (`pnpm --filter @raft/storage-lmdb soak`);
// RAFT_CRASH_SEED replays one run.
const here = dirname(fileURLToPath(import.meta.url));

crashSafetyConformance('lmdb', {
  writerScript: join(here, 'test-support', 'crash-writer.ts'),
  cwd: join(here, '..'),
  open: async (dataDir) => createLmdbStorage({ dataDir }),
});
