import { RaftError } from './raft-error.js';

/** A log read asked for indexes the store does not hold (compacted away, or not yet written). */
export class LogRangeError extends RaftError {
  readonly code = 'ERR_RAFT_LOG_RANGE';

  constructor(
    readonly lowIndex: number,
    readonly highIndex: number,
    readonly firstIndex: number,
    readonly lastIndex: number,
  ) {
    super(
      `log range [${lowIndex}, ${highIndex}) is outside the stored entries [${firstIndex}, ${lastIndex}]`,
    );
  }
}
