import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logStoreConformance, stableStoreConformance } from '@raft/testkit/conformance';
import { createLmdbStorage, type LmdbStorage, type LmdbStorageOptions } from './index.js';

/** A harness over a fresh data dir; `pick` chooses which store of the storage the suite tests. */
async function harness<Store>(
  pick: (storage: LmdbStorage) => Store,
  options: Omit<LmdbStorageOptions, 'dataDir'> = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'raft-lmdb-conformance-'));
  let storage = createLmdbStorage({ ...options, dataDir });
  return {
    store: pick(storage),
    async reopen() {
      await storage.close();
      storage = createLmdbStorage({ ...options, dataDir });
      return pick(storage);
    },
    async cleanup() {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

logStoreConformance('lmdb', () => harness((storage) => storage.logStore));
stableStoreConformance('lmdb', () => harness((storage) => storage.stableStore));

// The same contract when commits run on lmdb's writer thread.
const onWorker = { commitOnWorkerThread: true } as const;
logStoreConformance('lmdb (commitOnWorkerThread)', () => harness((storage) => storage.logStore, onWorker));
stableStoreConformance('lmdb (commitOnWorkerThread)', () =>
  harness((storage) => storage.stableStore, onWorker),
);
