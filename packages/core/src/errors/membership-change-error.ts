import { RaftError } from './raft-error.js';

/** A membership change was refused (another change is in progress, or the change is invalid). Nothing was appended. */
export class MembershipChangeError extends RaftError {
  readonly code = 'ERR_RAFT_MEMBERSHIP_CHANGE';

  constructor(readonly reason: string) {
    super(`membership change refused: ${reason}`);
  }
}
