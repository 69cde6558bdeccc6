import { RaftError } from '@raft/core';

/**
 * A peer sent an envelope with a protocol version this node does not speak. During a rolling
 * upgrade this means the peer runs a newer (or much older) release: upgrade the other nodes.
 */
export class UnsupportedVersionError extends RaftError {
  readonly code = 'ERR_RAFT_WIRE_UNSUPPORTED_VERSION';

  constructor(
    /** The version the peer sent. */
    readonly version: number,
    /** The versions this node accepts. */
    readonly supportedVersions: readonly number[],
  ) {
    super(`unsupported wire protocol version ${version} (this node speaks ${supportedVersions.join(', ')})`);
  }
}
