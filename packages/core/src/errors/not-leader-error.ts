import { RaftError } from './raft-error.js';

/**
 * The request needs the leader and this node is not it (or stopped being it). Nothing was
 * appended: retry, preferably on `leaderHint`.
 */
export class NotLeaderError extends RaftError {
  readonly code = 'ERR_RAFT_NOT_LEADER';

  constructor(
    /** The node this one believes is leader, if it knows one. */
    readonly leaderHint: string | undefined,
  ) {
    super(leaderHint === undefined ? 'not the leader; no leader known' : `not the leader; try ${leaderHint}`);
  }
}
