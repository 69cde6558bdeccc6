import { isRaftError } from '@raft/core';
import { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
import { SqliteDiskFullError } from './errors/sqlite-disk-full-error.js';
import { SqliteIoError } from './errors/sqlite-io-error.js';
import { SqliteOpenError } from './errors/sqlite-open-error.js';

/** SQLite's result code of a better-sqlite3 error (such as `SQLITE_FULL`), if it is one. */
export function sqliteCodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('SQLITE_') ? code : undefined;
}

/**
 * Turns what better-sqlite3 threw during `operation` into this package's typed error. Errors that
 * already are Raft errors (a checksum failure found by the store itself) pass through unchanged.
 */
export function mapSqliteError(error: unknown, file: string, operation: string): Error {
  if (isRaftError(error)) return error;
  const code = sqliteCodeOf(error);
  const options = { cause: error };
  if (code === undefined) return error instanceof Error ? error : new Error(String(error));
  if (code === 'SQLITE_CORRUPT' || code.startsWith('SQLITE_CORRUPT_') || code === 'SQLITE_NOTADB') {
    return new SqliteCorruptionError(file, `${code} during ${operation}`, options);
  }
  if (code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE_FULL') {
    return new SqliteDiskFullError(file, operation, options);
  }
  if (code === 'SQLITE_BUSY' || code.startsWith('SQLITE_BUSY_') || code === 'SQLITE_LOCKED') {
    return new SqliteOpenError(
      file,
      'locked',
      `the database is in use by another connection (${code})`,
      options,
    );
  }
  if (code === 'SQLITE_PERM' || code === 'SQLITE_AUTH') {
    return new SqliteOpenError(file, 'permission-denied', `${code} during ${operation}`, options);
  }
  return new SqliteIoError(file, operation, code, options);
}
