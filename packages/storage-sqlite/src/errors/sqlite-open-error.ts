import { RaftError } from '@raft/core';

/** Why a {@link SqliteOpenError} was raised. */
export type SqliteOpenFailure =
  /** The data dir (or the directory of `path`) does not exist: typically a typo or an unmounted volume. */
  | 'missing-data-dir'
  /** The process may not read or write the directory or the database file. */
  | 'permission-denied'
  /** Another process (or another storage in this one) has the database open. */
  | 'locked'
  /** The database was written by a newer version of this package. */
  | 'newer-schema'
  /** Any other reason SQLite could not open the file; see `cause`. */
  | 'cannot-open';

/**
 * The store could not be opened. Fatal, and not worth retrying in a loop: each reason needs an
 * operator (create or mount the data dir, fix its owner, stop the other process, upgrade).
 */
export class SqliteOpenError extends RaftError {
  readonly code = 'ERR_RAFT_SQLITE_OPEN';
  override readonly fatal = true;

  constructor(
    /** The database file that was being opened. */
    readonly file: string,
    readonly reason: SqliteOpenFailure,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open Raft SQLite store ${file} (${reason}): ${detail}`, options);
  }
}
