import { RaftError } from '@raft/core';

/**
 * A snapshot file is damaged or incomplete: its trailer is missing or malformed, its length does
 * not match, or its SHA-256 does not match its contents. The snapshot is never restored. Fatal:
 * the node refuses to start (or to restore) rather than load state it cannot trust; move the file
 * away and let the node catch up from a healthy peer.
 */
export class FileSnapshotCorruptionError extends RaftError {
  readonly code = 'ERR_RAFT_FILE_SNAPSHOT_CORRUPTION';
  override readonly fatal = true;

  constructor(
    /** The snapshot file. */
    readonly file: string,
    /** What was found, such as `SHA-256 mismatch`. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`corrupt snapshot file ${file}: ${detail}`, options);
  }
}
