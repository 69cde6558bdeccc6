import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logStoreConformance, stableStoreConformance } from '@raft/testkit/conformance';
import { createSqliteStorage, type SqliteStorage, type SqliteStorageOptions } from './index.js';

/** A harness over a fresh data dir; `pick` chooses which store of the storage the suite tests. */
async function harness<Store>(
  pick: (storage: SqliteStorage) => Store,
  options: Omit<SqliteStorageOptions, 'dataDir'> = {},
) {
  const dataDir = await mkdtemp(join(tmpdir(), 'raft-sqlite-conformance-'));
  let storage = createSqliteStorage({ ...options, dataDir });
  return {
    store: pick(storage),
    async reopen() {
      await storage.close();
      storage = createSqliteStorage({ ...options, dataDir });
      return pick(storage);
    },
    async cleanup() {
      await storage.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

logStoreConformance('sqlite', () => harness((storage) => storage.logStore));
stableStoreConformance('sqlite', () => harness((storage) => storage.stableStore));

// The same contract when the writes run on the write thread.
const onWorker = { writeOnWorkerThread: true } as const;
logStoreConformance('sqlite (writeOnWorkerThread)', () => harness((storage) => storage.logStore, onWorker));
stableStoreConformance('sqlite (writeOnWorkerThread)', () =>
  harness((storage) => storage.stableStore, onWorker),
);
