import { RaftError } from '@raft/core';

/**
 * A node configured with `join.seeds` was not added to the cluster within `join.timeout`: no seed
 * accepted its join request, or it never received the configuration that added it. Each seed's
 * last answer (or network error) is in `attempts`; the node was stopped and its stores closed.
 */
export class JoinTimeoutError extends RaftError {
  readonly code = 'ERR_RAFT_CLUSTER_JOIN_TIMEOUT';

  constructor(
    readonly timeoutMs: number,
    /** The last outcome per seed URL, e.g. `503 ERR_RAFT_NOT_LEADER` or `connect ECONNREFUSED`. */
    readonly attempts: ReadonlyMap<string, string>,
  ) {
    const tried = [...attempts].map(([seed, outcome]) => `${seed}: ${outcome}`).join('; ');
    super(`not a member after ${timeoutMs} ms of joining (${tried === '' ? 'no seed answered' : tried})`);
  }
}
