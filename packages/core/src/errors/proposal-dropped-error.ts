import { RaftError } from './raft-error.js';

/** The proposal is known not to have been committed (for example its entry was overwritten). Safe to retry. */
export class ProposalDroppedError extends RaftError {
  readonly code = 'ERR_RAFT_PROPOSAL_DROPPED';

  constructor(readonly reason: string) {
    super(`proposal dropped: ${reason}`);
  }
}
