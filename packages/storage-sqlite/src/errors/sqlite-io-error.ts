import { RaftError } from '@raft/core';

/**
 * A read or write failed for another reason than corruption or a full disk (an I/O error, a file
 * made read-only underneath the store). Fatal: the node stops; `sqliteCode` and `cause` say more.
 */
export class SqliteIoError extends RaftError {
  readonly code = 'ERR_RAFT_SQLITE_IO';
  override readonly fatal = true;

  constructor(
    readonly file: string,
    readonly operation: string,
    /** SQLite's extended result code, such as `SQLITE_IOERR_FSYNC`, when there is one. */
    readonly sqliteCode: string | undefined,
    options?: ErrorOptions,
  ) {
    super(
      `I/O failure on Raft SQLite store ${file} during ${operation}${sqliteCode === undefined ? '' : ` (${sqliteCode})`}`,
      options,
    );
  }
}
