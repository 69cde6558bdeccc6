import { RaftError } from '@raft/core';

/**
 * A message handed to the encoder cannot be represented on the wire: a term or index that is not a
 * non-negative safe integer, an empty node id, messages from several senders in one envelope, or a
 * size over a limit. A bug in the caller; nothing is sent.
 */
export class WireEncodeError extends RaftError {
  readonly code = 'ERR_RAFT_WIRE_ENCODE';

  constructor(
    /** What is wrong, naming the field. */
    readonly reason: string,
  ) {
    super(`cannot encode message: ${reason}`);
  }
}
