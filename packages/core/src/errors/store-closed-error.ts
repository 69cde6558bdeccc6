import { RaftError } from './raft-error.js';

/**
 * A store (or a snapshot sink) was used after it was closed. Means the caller's lifecycle is wrong,
 * typically a write racing the node's `stop()`; nothing was read or written.
 */
export class StoreClosedError extends RaftError {
  readonly code = 'ERR_RAFT_STORE_CLOSED';

  constructor(
    /** What was closed, such as `memory log store` or `snapshot sink`. */
    readonly store: string,
  ) {
    super(`${store} is closed`);
  }
}
