import { RaftError } from '@raft/core';

/** Why a {@link LmdbOpenError} was raised. */
export type LmdbOpenFailure =
  /** The data dir does not exist: typically a typo or an unmounted volume. */
  | 'missing-data-dir'
  /** The process may not read or write the data dir or the environment's files. */
  | 'permission-denied'
  /** This process already has the environment open through another storage. */
  | 'locked'
  /** Any other reason LMDB could not open the environment; see `cause`. */
  | 'cannot-open';

/**
 * The store could not be opened. Fatal, and not worth retrying in a loop: each reason needs an
 * operator (create or mount the data dir, fix its owner, close the other storage).
 */
export class LmdbOpenError extends RaftError {
  readonly code = 'ERR_RAFT_LMDB_OPEN';
  override readonly fatal = true;

  constructor(
    /** The environment's directory. */
    readonly file: string,
    readonly reason: LmdbOpenFailure,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`cannot open Raft LMDB store ${file} (${reason}): ${detail}`, options);
  }
}
