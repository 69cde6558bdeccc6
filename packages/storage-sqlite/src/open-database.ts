import { accessSync, closeSync, constants, fsyncSync, openSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
import { SqliteOpenError } from './errors/sqlite-open-error.js';
import { mapSqliteError } from './map-sqlite-error.js';
import { APPLICATION_ID, CREATE_TABLES, SCHEMA_VERSION } from './schema.js';

/** Settings {@link openDatabase} applies to the connection. */
export interface ConnectionSettings {
  readonly synchronous: 'full' | 'normal';
  readonly walSizeLimitBytes: number;
  readonly maxSizeBytes: number | undefined;
  /**
   * `'exclusive'`: this connection is the only one (the synchronous mode). `'shared'`: a write
   * thread opens a second connection (`writeOnWorkerThread`), so the database uses SQLite's normal
   * WAL locking and the one-user-per-database rule is kept by {@link acquireLockFile} instead.
   */
  readonly locking: 'exclusive' | 'shared';
}

/** The smallest valid SQLite file: one page of the smallest page size. */
const MIN_DATABASE_BYTES = 512;

/**
 * Opens (creating it if needed) the Raft SQLite store at `file` and configures the connection.
 *
 * A new store is built under a temporary name, fsynced and renamed into place, so an existing
 * file is always a complete store: one that is empty or too short was truncated, and is reported as
 * corruption rather than silently treated as a node that never ran (which would forget its votes
 * and entries).
 */
export function openDatabase(file: string, settings: ConnectionSettings): Database.Database {
  checkDirectory(file);
  let existing: boolean;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) throw new SqliteOpenError(file, 'cannot-open', 'the path exists and is not a file');
    existing = true;
    if (stats.size < MIN_DATABASE_BYTES) {
      throw new SqliteCorruptionError(file, `the file is ${stats.size} bytes long: truncated`);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw toOpenError(error, file);
    existing = false;
  }
  if (!existing) createDatabase(file);

  let database: Database.Database | undefined;
  try {
    database = new Database(file, { fileMustExist: true, timeout: 0 });
    // Exclusive locking: no other connection may use the database while this node runs (two
    // nodes on one data dir would corrupt each other). In WAL mode it also means no shared-memory
    // file. The empty exclusive transaction takes the lock now rather than at the first write.
    if (settings.locking === 'exclusive') database.pragma('locking_mode = EXCLUSIVE');
    database.exec('BEGIN EXCLUSIVE; COMMIT');
    checkIdentity(database, file);
    database.pragma('journal_mode = WAL');
    database.pragma(`synchronous = ${settings.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
    database.pragma(`journal_size_limit = ${Math.floor(settings.walSizeLimitBytes)}`);
    // Extra B-tree sanity checks on every cell read: a little CPU for earlier corruption reports.
    database.pragma('cell_size_check = ON');
    if (settings.maxSizeBytes !== undefined) {
      const pageSize = database.pragma('page_size', { simple: true }) as number;
      database.pragma(`max_page_count = ${Math.max(1, Math.floor(settings.maxSizeBytes / pageSize))}`);
    }
    // Shared mode: the write thread's checkpoints may briefly hold locks a read waits for.
    if (settings.locking === 'shared') database.pragma('busy_timeout = 1000');
    return database;
  } catch (error) {
    database?.close();
    throw toOpenError(error, file);
  }
}

/** The lock file of {@link acquireLockFile}, next to the database. */
export function lockFileOf(file: string): string {
  return `${file}-lock`;
}

/**
 * Takes the one-user lock of a database opened with `locking: 'shared'`: an empty SQLite file
 * beside it, held with `locking_mode=EXCLUSIVE` until the returned connection closes. A second
 * storage (in this or another process) fails here with `SqliteOpenError` (`reason: 'locked'`),
 * as it would on the database itself in the exclusive mode. The file stays after close.
 */
export function acquireLockFile(file: string): Database.Database {
  checkDirectory(file);
  let lock: Database.Database | undefined;
  try {
    lock = new Database(lockFileOf(file), { timeout: 0 });
    lock.pragma('locking_mode = EXCLUSIVE');
    lock.exec('BEGIN EXCLUSIVE; COMMIT');
    return lock;
  } catch (error) {
    lock?.close();
    throw toOpenError(error, file);
  }
}

/** Throws a typed error unless the directory of `file` exists and is readable and writable. */
function checkDirectory(file: string): void {
  const directory = dirname(file);
  try {
    if (!statSync(directory).isDirectory()) {
      throw new SqliteOpenError(file, 'missing-data-dir', `${directory} is not a directory`);
    }
    accessSync(directory, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new SqliteOpenError(file, 'missing-data-dir', `the directory ${directory} does not exist`, {
        cause: error,
      });
    }
    throw toOpenError(error, file);
  }
}

/** Builds an empty store at a temporary name, makes it durable, and renames it to `file`. */
function createDatabase(file: string): void {
  const temporary = `${file}.creating`;
  rmSync(temporary, { force: true });
  rmSync(`${temporary}-wal`, { force: true });
  try {
    const database = new Database(temporary);
    try {
      database.pragma(`application_id = ${APPLICATION_ID}`);
      // Set before the first table: lets compaction hand freed pages back with incremental_vacuum.
      database.pragma('auto_vacuum = INCREMENTAL');
      database.pragma('synchronous = FULL');
      database.exec(CREATE_TABLES);
      database.pragma(`user_version = ${SCHEMA_VERSION}`);
    } finally {
      database.close();
    }
    fsyncPath(temporary);
    renameSync(temporary, file);
    fsyncPath(dirname(file));
  } catch (error) {
    rmSync(temporary, { force: true });
    throw toOpenError(error, file);
  }
}

/** Throws unless the open database is a Raft SQLite store in a format this version reads. */
function checkIdentity(database: Database.Database, file: string): void {
  const applicationId = database.pragma('application_id', { simple: true });
  if (applicationId !== APPLICATION_ID) {
    throw new SqliteCorruptionError(
      file,
      `not a Raft SQLite store (application_id ${String(applicationId)})`,
    );
  }
  const version = database.pragma('user_version', { simple: true }) as number;
  if (version > SCHEMA_VERSION) {
    throw new SqliteOpenError(file, 'newer-schema', `format ${version} is newer than ${SCHEMA_VERSION}`);
  }
  if (version !== SCHEMA_VERSION) {
    throw new SqliteCorruptionError(file, `unknown format version ${version}`);
  }
}

/** fsyncs a file or directory by path. */
function fsyncPath(path: string): void {
  const descriptor = openSync(path, 'r');
  try {
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
}

/** Maps an error raised while opening to a typed one. */
function toOpenError(error: unknown, file: string): Error {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new SqliteOpenError(file, 'permission-denied', (error as Error).message, { cause: error });
  }
  if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new SqliteOpenError(file, 'cannot-open', (error as Error).message, { cause: error });
  }
  return mapSqliteError(error, file, 'open');
}
