import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { snapshotStoreConformance } from '@raft/testkit/conformance';
import { createFileSnapshotStore, type FileSnapshotStore } from './index.js';

snapshotStoreConformance('file', async () => {
  const root = await mkdtemp(join(tmpdir(), 'raft-file-snapshots-conformance-'));
  const directory = join(root, 'snapshots');
  let store: FileSnapshotStore = await createFileSnapshotStore({ directory });
  return {
    store,
    async reopen() {
      await store.close();
      store = await createFileSnapshotStore({ directory });
      return store;
    },
    async cleanup() {
      await store.close();
      await rm(root, { recursive: true, force: true });
    },
  };
});
