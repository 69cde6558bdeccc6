import { RaftError } from './raft-error.js';

/**
 * A batch handed to `LogStore.append` is malformed: its indexes are not consecutive, or an index or
 * term is not a positive integer. A bug in the caller; nothing was appended. (An append that would
 * leave a gap after the stored log is a `LogRangeError` instead.)
 */
export class InvalidEntriesError extends RaftError {
  readonly code = 'ERR_RAFT_INVALID_ENTRIES';

  constructor(readonly reason: string) {
    super(`invalid log entries: ${reason}`);
  }
}
