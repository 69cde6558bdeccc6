import { RaftError } from './raft-error.js';

/** A leadership transfer was refused or did not complete in time. */
export class LeadershipTransferError extends RaftError {
  readonly code = 'ERR_RAFT_LEADERSHIP_TRANSFER';

  constructor(readonly reason: string) {
    super(`leadership transfer failed: ${reason}`);
  }
}
