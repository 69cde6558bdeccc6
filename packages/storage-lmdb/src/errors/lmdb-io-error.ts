import { RaftError } from '@raft/core';

/**
 * A read or write failed for another reason than corruption or a full disk. Fatal: the node stops;
 * `cause` says more.
 */
export class LmdbIoError extends RaftError {
  readonly code = 'ERR_RAFT_LMDB_IO';
  override readonly fatal = true;

  constructor(
    readonly file: string,
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`I/O failure on Raft LMDB store ${file} during ${operation}`, options);
  }
}
