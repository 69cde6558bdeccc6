import { RaftError } from './raft-error.js';

/** A store failed to read or write. Fatal: the node stops rather than run on state it cannot trust. */
export class StorageError extends RaftError {
  readonly code = 'ERR_RAFT_STORAGE';
  override readonly fatal = true;

  constructor(
    /** What the node was doing, such as `append entries` or `save hard state`. */
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`storage failed during ${operation}`, options);
  }
}
