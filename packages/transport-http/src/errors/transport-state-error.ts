import { RaftError } from '@raft/core';

/** The transport was used in a state that does not allow it: `start` twice, or after `close`. */
export class TransportStateError extends RaftError {
  readonly code = 'ERR_RAFT_TRANSPORT_STATE';

  constructor(
    /** What was attempted and why it is not allowed. */
    readonly reason: string,
  ) {
    super(`http transport: ${reason}`);
  }
}
