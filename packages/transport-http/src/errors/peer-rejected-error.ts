import { RaftError } from '@raft/core';

/**
 * A peer answered a stream with an error status: it refused our credentials, our node id, our
 * cluster id or our bytes. What the stream carried may be lost; the link drops the next batch,
 * backs off and opens a new stream for later messages. Logged and counted, never thrown to the
 * caller of `send`.
 */
export class PeerRejectedError extends RaftError {
  readonly code = 'ERR_RAFT_PEER_REJECTED';

  constructor(
    /** The peer's node id. */
    readonly peerId: string,
    /** The HTTP status the peer answered with. */
    readonly status: number,
    /** The peer's `x-raft-error` code, such as `ERR_RAFT_UNAUTHENTICATED`, when it sent one. */
    readonly reason: string,
  ) {
    super(`peer "${peerId}" rejected a stream: ${status} ${reason}`);
  }
}
