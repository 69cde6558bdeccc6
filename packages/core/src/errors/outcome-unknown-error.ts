import { RaftError } from './raft-error.js';

/**
 * The proposal may or may not commit: it was appended, then the node lost track of it (it lost
 * leadership, or stopped). Retrying may apply it twice; make commands idempotent or check first.
 */
export class OutcomeUnknownError extends RaftError {
  readonly code = 'ERR_RAFT_OUTCOME_UNKNOWN';

  constructor(readonly reason: string) {
    super(`proposal outcome unknown: ${reason}`);
  }
}
