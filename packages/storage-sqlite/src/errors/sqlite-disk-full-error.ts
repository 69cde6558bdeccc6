import { RaftError } from '@raft/core';

/**
 * A write failed because the disk (or the configured `maxSizeBytes`) is full. Fatal for the node;
 * the write was rolled back, so nothing acknowledged is lost and nothing half-written is visible.
 * Free space (or raise the limit) and restart the node.
 */
export class SqliteDiskFullError extends RaftError {
  readonly code = 'ERR_RAFT_SQLITE_DISK_FULL';
  override readonly fatal = true;

  constructor(
    readonly file: string,
    /** What was being written, such as `append entries`. */
    readonly operation: string,
    options?: ErrorOptions,
  ) {
    super(`disk full writing Raft SQLite store ${file} during ${operation}`, options);
  }
}
