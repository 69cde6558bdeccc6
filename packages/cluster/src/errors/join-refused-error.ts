import { RaftError } from '@raft/core';

/**
 * A seed refused this node's join request in a way that retrying cannot fix: the cluster secret is
 * wrong (401) or the request itself is invalid (400, e.g. an id or address the cluster refuses).
 * The node was stopped and its stores closed.
 */
export class JoinRefusedError extends RaftError {
  readonly code = 'ERR_RAFT_CLUSTER_JOIN_REFUSED';

  constructor(
    /** The seed that refused. */
    readonly seed: string,
    /** What it answered, e.g. `POST /members: 401 ERR_RAFT_CLUSTER_UNAUTHORIZED`. */
    readonly answer: string,
  ) {
    super(
      `join refused by ${seed} (${answer}); retrying cannot help: check the cluster secret and this node's id and address`,
    );
  }
}
