import { RaftError } from '@raft/core';

/**
 * `createTransport` was given a node id it cannot use: empty, the `'*'` wildcard, or the id of a
 * transport on this network that is still open.
 *
 * Two open transports with one id would make delivery ambiguous; to restart a node, close its old
 * transport first and then create a new one with the same id.
 */
export class InvalidNodeIdError extends RaftError {
  readonly code = 'ERR_RAFT_INVALID_NODE_ID';

  constructor(
    /** The rejected node id. */
    readonly nodeId: string,
    /** Why the id was rejected. */
    readonly reason: string,
  ) {
    super(`invalid node id "${nodeId}": ${reason}`);
  }
}
