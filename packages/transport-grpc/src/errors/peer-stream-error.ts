import { RaftError } from '@raft/core';

/**
 * The stream to a peer failed: the peer refused it (bad credentials, unknown sender, malformed
 * frame), was unreachable, or stalled past the deadline. Queued batches were dropped; the link
 * backs off and reconnects. Logged and counted, never thrown to the caller of `send`.
 */
export class PeerStreamError extends RaftError {
  readonly code = 'ERR_RAFT_PEER_STREAM';

  constructor(
    /** The peer's node id. */
    readonly peerId: string,
    /** The gRPC status code name, such as `UNAUTHENTICATED` or `DEADLINE_EXCEEDED`. */
    readonly status: string,
    readonly details: string,
  ) {
    super(`stream to peer "${peerId}" failed: ${status} ${details}`);
  }
}
