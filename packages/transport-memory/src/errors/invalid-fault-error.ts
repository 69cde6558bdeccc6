import { RaftError } from '@raft/core';

/**
 * A {@link LinkFaults} setting is out of range: a rate outside [0, 1], a negative or non-finite
 * delay, or `minDelayMs` above `maxDelayMs`. Names the field and the reason.
 *
 * Thrown eagerly by `setFaults` and `createMemoryNetwork` so that a typo in a simulation script
 * fails at the line that made it, not as a silently fault-free run.
 */
export class InvalidFaultError extends RaftError {
  readonly code = 'ERR_RAFT_INVALID_FAULT';

  constructor(
    /** The offending field of `LinkFaults`, such as `dropRate`. */
    readonly field: string,
    /** Why the value was rejected. */
    readonly reason: string,
  ) {
    super(`invalid link fault "${field}": ${reason}`);
  }
}
