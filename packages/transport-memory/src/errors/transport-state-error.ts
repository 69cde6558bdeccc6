import { RaftError } from '@raft/core';

/**
 * A memory transport was used in a state that does not allow it: `start` called twice, or after
 * `close`.
 *
 * A second `start` would silently replace the first handler, hiding a driver bug; a closed transport
 * stays closed because restarting a node means creating a new transport (a new incarnation).
 */
export class TransportStateError extends RaftError {
  readonly code = 'ERR_RAFT_TRANSPORT_STATE';

  constructor(
    /** The node id of the transport. */
    readonly nodeId: string,
    /** What was attempted and why it is not allowed. */
    readonly reason: string,
  ) {
    super(`memory transport "${nodeId}": ${reason}`);
  }
}
