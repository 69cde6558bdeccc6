import { RaftError } from '@raft/core';

/**
 * Bytes received from the network are not a valid version-1 envelope: truncated or malformed
 * protobuf, a wrong wire type, a value out of range, a missing required field, an unknown entry
 * type or message kind, or a size over a limit. Nothing from such bytes ever reaches the engine.
 */
export class WireDecodeError extends RaftError {
  readonly code = 'ERR_RAFT_WIRE_DECODE';

  constructor(
    /** What is wrong, naming the field, such as `Entry.type: unknown value 7`. */
    readonly reason: string,
    /** The byte offset in the input where decoding failed, when known. */
    readonly offset?: number,
  ) {
    super(`invalid wire data${offset === undefined ? '' : ` at byte ${offset}`}: ${reason}`);
  }
}
