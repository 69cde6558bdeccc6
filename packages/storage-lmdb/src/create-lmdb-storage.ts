import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { open } from 'lmdb';
import { checkDataFile } from './check-data-file.js';
import { LmdbOpenError } from './errors/lmdb-open-error.js';
import { LmdbEnvironment } from './lmdb-environment.js';
import { LmdbLogStore } from './lmdb-log-store.js';
import { LmdbStableStore } from './lmdb-stable-store.js';
import { LMDB_ENVIRONMENT_DIR_NAME, type LmdbStorageOptions } from './lmdb-storage-options.js';
import { mapLmdbError } from './map-lmdb-error.js';

/** What {@link createLmdbStorage} returns: a node's log and hard-state stores, in one environment. */
export interface LmdbStorage {
  /** The log store; pass it to `createRaftNode` as `logStore`. */
  readonly logStore: LmdbLogStore;
  /** The hard-state store; pass it as `stableStore`. */
  readonly stableStore: LmdbStableStore;
  /** The environment directory. */
  readonly path: string;
  /** Closes both stores and the environment. Idempotent. */
  close(): Promise<void>;
}

/**
 * Environments open in this process. LMDB must not be opened twice by one process (its locks are
 * per process), and two nodes on one data dir would corrupt each other's state.
 */
const openEnvironments = new Set<string>();

/**
 * Opens (creating it on first use) a node's durable Raft storage in one LMDB environment: the log
 * and the hard state, synced on every commit unless `noSync`.
 *
 * Throws (synchronously) a `LmdbOpenError` when the data dir is missing or not accessible, or the
 * environment is already open in this process, and a `LmdbCorruptionError` naming the file when
 * the environment fails verification: the node must not start on a damaged log.
 */
export function createLmdbStorage(options: LmdbStorageOptions): LmdbStorage {
  const path = join(options.dataDir, LMDB_ENVIRONMENT_DIR_NAME);
  checkDataDir(options.dataDir, path);
  if (openEnvironments.has(path)) {
    throw new LmdbOpenError(path, 'locked', 'already open in this process; close the other storage first');
  }
  const sync = options.noSync !== true;
  const verifyOnOpen = options.verifyOnOpen ?? 'full';
  checkDataFile(join(path, 'data.mdb'));
  let environment: LmdbEnvironment;
  try {
    // A directory (no extension in its name, so lmdb keeps data.mdb and lock.mdb inside it).
    mkdirSync(path, { recursive: true });
    const root = open({
      path,
      maxDbs: 4,
      noSync: !sync,
      // Commit and sync in one step inside the write lock: a resolved write is durable, and after
      // any crash LMDB opens at the last synced commit (no separate "committed but not flushed" state).
      // Each commit flushes twice, the pages (fdatasync) and then the meta page (O_DSYNC write): the
      // least a power-safe LMDB commit can do. `noMetaSync` or `noSync` plus `env.sync()` would
      // save a flush but let a power loss undo an acknowledged commit or tear the tree (README,
      // "Throughput").
      overlappingSync: false,
    });
    const log = root.openDB<Buffer, number>({
      name: 'log',
      encoding: 'binary',
      keyEncoding: 'ordered-binary',
    });
    const meta = root.openDB<Buffer, string>({ name: 'meta', encoding: 'binary' });
    environment = new LmdbEnvironment(
      root,
      log,
      meta,
      path,
      sync,
      options.commitOnWorkerThread === true,
      () => openEnvironments.delete(path),
    );
  } catch (error) {
    throw mapLmdbError(error, path, 'open');
  }
  openEnvironments.add(path);
  const logStore = new LmdbLogStore(environment);
  const stableStore = new LmdbStableStore(environment);
  if (verifyOnOpen === 'full') {
    try {
      logStore.verifyAll();
    } catch (error) {
      void environment.close();
      throw error;
    }
  }
  return {
    logStore,
    stableStore,
    path,
    close: () => environment.close(),
  };
}

/** Throws a typed error unless `dataDir` exists and is readable and writable. */
function checkDataDir(dataDir: string, path: string): void {
  try {
    if (!statSync(dataDir).isDirectory()) {
      throw new LmdbOpenError(path, 'missing-data-dir', `${dataDir} is not a directory`);
    }
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    if (error instanceof LmdbOpenError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new LmdbOpenError(path, 'missing-data-dir', `the directory ${dataDir} does not exist`, {
        cause: error,
      });
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new LmdbOpenError(path, 'permission-denied', (error as Error).message, { cause: error });
    }
    throw mapLmdbError(error, path, 'open');
  }
}
