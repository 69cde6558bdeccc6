import { join } from 'node:path';
import { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
import { acquireLockFile, openDatabase } from './open-database.js';
import { SqliteConnection } from './sqlite-connection.js';
import { SqliteLogStore } from './sqlite-log-store.js';
import { SqliteStableStore } from './sqlite-stable-store.js';
import {
  DEFAULT_WAL_SIZE_LIMIT_BYTES,
  SQLITE_DATABASE_FILE_NAME,
  type SqliteStorageOptions,
} from './sqlite-storage-options.js';
import { SqliteWriteThread } from './sqlite-write-thread.js';

/** What {@link createSqliteStorage} returns: a node's log and hard-state stores, in one database. */
export interface SqliteStorage {
  /** The log store; pass it to `createRaftNode` as `logStore`. */
  readonly logStore: SqliteLogStore;
  /** The hard-state store; pass it as `stableStore`. */
  readonly stableStore: SqliteStableStore;
  /** The database file. */
  readonly path: string;
  /** Closes both stores and the database. Idempotent. */
  close(): Promise<void>;
}

/**
 * Opens (creating it on first use) a node's durable Raft storage in one SQLite database: the log
 * and the hard state, in WAL mode with `synchronous=FULL` unless told otherwise. With
 * `writeOnWorkerThread` the writes (and their fsyncs) run on a worker thread.
 *
 * Throws (synchronously) a `SqliteOpenError` when the data dir is missing, not accessible, or
 * the database is in use by another process, and a `SqliteCorruptionError` naming the file when
 * the database fails verification: the node must not start on a damaged log.
 */
export function createSqliteStorage(options: SqliteStorageOptions): SqliteStorage {
  const path = resolvePath(options);
  const walSizeLimitBytes = options.walSizeLimitBytes ?? DEFAULT_WAL_SIZE_LIMIT_BYTES;
  if (!Number.isFinite(walSizeLimitBytes) || walSizeLimitBytes < 0) {
    throw new RangeError(`createSqliteStorage: walSizeLimitBytes must be >= 0, got ${walSizeLimitBytes}`);
  }
  if (options.maxSizeBytes !== undefined && !(options.maxSizeBytes > 0)) {
    throw new RangeError(`createSqliteStorage: maxSizeBytes must be > 0, got ${options.maxSizeBytes}`);
  }
  const synchronous = options.synchronous ?? 'full';
  if (synchronous !== 'full' && synchronous !== 'normal') {
    throw new RangeError(
      `createSqliteStorage: synchronous must be 'full' or 'normal', got ${String(synchronous)}`,
    );
  }
  const verifyOnOpen = options.verifyOnOpen ?? 'full';
  const onWorkerThread = options.writeOnWorkerThread === true;
  const lock = onWorkerThread ? acquireLockFile(path) : undefined;
  const settings = {
    synchronous,
    walSizeLimitBytes,
    maxSizeBytes: options.maxSizeBytes,
    locking: onWorkerThread ? ('shared' as const) : ('exclusive' as const),
  };
  let connection: SqliteConnection;
  try {
    connection = new SqliteConnection(openDatabase(path, settings), path, lock);
  } catch (error) {
    lock?.close();
    throw error;
  }
  try {
    if (verifyOnOpen !== 'none') verifyStructure(connection);
    const logStore = new SqliteLogStore(connection);
    const stableStore = new SqliteStableStore(connection);
    if (verifyOnOpen === 'full') logStore.verifyAll();
    // Started last, once the database is known good: it opens its own connection to it.
    if (onWorkerThread) connection.writer = new SqliteWriteThread({ ...settings, file: path }, path);
    return {
      logStore,
      stableStore,
      path,
      close: () => connection.close(),
    };
  } catch (error) {
    void connection.close();
    throw error;
  }
}

/** The database file named by the options. */
function resolvePath(options: SqliteStorageOptions): string {
  if ((options.path === undefined) === (options.dataDir === undefined)) {
    throw new TypeError('createSqliteStorage: give exactly one of `path` and `dataDir`');
  }
  return options.path ?? join(options.dataDir!, SQLITE_DATABASE_FILE_NAME);
}

/** Runs SQLite's `quick_check`; throws a {@link SqliteCorruptionError} listing what it found. */
function verifyStructure(connection: SqliteConnection): void {
  const problems = connection.run('verify database structure', () =>
    connection.database.pragma('quick_check', { simple: false }),
  ) as { quick_check: string }[];
  const messages = problems.map((row) => row.quick_check).filter((message) => message !== 'ok');
  if (messages.length > 0) {
    throw new SqliteCorruptionError(connection.file, `quick_check: ${messages.slice(0, 3).join('; ')}`);
  }
}
