import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logStoreConformance, stableStoreConformance } from '@raft/testkit/conformance';
import { createSqliteStorage, type SqliteStorage } from './index.js';

/** A harness over a fresh data dir; `pick` chooses which store of the storage the suite tests. */
async function harness<Store>(pick: (storage: SqliteStorage) => Store) {
  const dataDir = await mkdtemp(join(tmpdir(), 'raft-sqlite-conformance-'));
  let storage = createSqliteStorage({ dataDir });
  return {
    store: pick(storage),
    async reopen() {
      await storage.close();
      storage = createSqliteStorage({ dataDir });
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
