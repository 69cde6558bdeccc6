import { join } from 'node:path';
import {
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  type LogStore,
  type SnapshotStore,
  type StableStore,
} from '@raft/core';
import type { StorageConfig } from '../config/cluster-config.js';
import { definedOnly } from './defined-only.js';
import { loadAdapter, type ModuleImporter } from './load-adapter.js';

/** The subdirectory of `node.dataDir` that holds snapshot files. */
export const SNAPSHOTS_DIR_NAME = 'snapshots';

/** A node's three stores, and how to close them once the node has stopped. */
export interface NodeStores {
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  close(): Promise<void>;
}

/** Opens the stores `storage` describes. Loaded by {@link loadStoresOpener}. */
export type StoresOpener = () => Promise<NodeStores>;

type SqliteModule = typeof import('@raft/storage-sqlite');
type LmdbModule = typeof import('@raft/storage-lmdb');
type SnapshotFileModule = typeof import('@raft/snapshot-store-file');

/**
 * Loads the adapter packages `storage` needs and returns a function that opens the stores. Split in
 * two so that every missing package is reported before any file is opened.
 *
 * @throws AdapterMissingError naming the package to install.
 */
export async function loadStoresOpener(
  storage: StorageConfig,
  importer?: ModuleImporter,
): Promise<StoresOpener> {
  if (storage.engine === 'memory') return openMemoryStores;
  const { dataDir, retainSnapshots } = storage;
  const openLog =
    storage.engine === 'sqlite' ? await loadSqlite(storage, importer) : await loadLmdb(storage, importer);
  const files = await loadAdapter<SnapshotFileModule>(
    '@raft/snapshot-store-file',
    'storage.engine',
    importer,
  );
  return async () => {
    const log = openLog();
    try {
      const snapshotStore = await files.createFileSnapshotStore({
        directory: join(dataDir, SNAPSHOTS_DIR_NAME),
        ...definedOnly({ retain: retainSnapshots }),
      });
      return {
        logStore: log.logStore,
        stableStore: log.stableStore,
        snapshotStore,
        async close() {
          await Promise.all([log.close(), snapshotStore.close()]);
        },
      };
    } catch (error) {
      await log.close();
      throw error;
    }
  };
}

/** What both durable log adapters return. */
interface DurableLog {
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  close(): Promise<void>;
}

async function loadSqlite(
  storage: Extract<StorageConfig, { engine: 'sqlite' }>,
  importer: ModuleImporter | undefined,
): Promise<() => DurableLog> {
  const sqlite = await loadAdapter<SqliteModule>('@raft/storage-sqlite', 'storage.engine', importer);
  const { dataDir, synchronous, verifyOnOpen, maxSizeBytes, walSizeLimitBytes, writeOnWorkerThread } =
    storage;
  return () =>
    sqlite.createSqliteStorage({
      dataDir,
      ...definedOnly({ synchronous, verifyOnOpen, maxSizeBytes, walSizeLimitBytes, writeOnWorkerThread }),
    });
}

async function loadLmdb(
  storage: Extract<StorageConfig, { engine: 'lmdb' }>,
  importer: ModuleImporter | undefined,
): Promise<() => DurableLog> {
  const lmdb = await loadAdapter<LmdbModule>('@raft/storage-lmdb', 'storage.engine', importer);
  const { dataDir, noSync, verifyOnOpen, commitOnWorkerThread } = storage;
  return () =>
    lmdb.createLmdbStorage({ dataDir, ...definedOnly({ noSync, verifyOnOpen, commitOnWorkerThread }) });
}

async function openMemoryStores(): Promise<NodeStores> {
  const logStore = createMemoryLogStore();
  const stableStore = createMemoryStableStore();
  const snapshotStore = createMemorySnapshotStore();
  return {
    logStore,
    stableStore,
    snapshotStore,
    async close() {
      await Promise.all([logStore.close(), stableStore.close(), snapshotStore.close()]);
    },
  };
}
