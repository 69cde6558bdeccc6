import { RaftError } from '@raft/core';

/**
 * Writing a snapshot failed (`reason` says whether the disk is full). The partial file was removed
 * and nothing became visible: the committed snapshots and the log are untouched, so the node can
 * carry on and take the snapshot again once there is space.
 */
export class FileSnapshotWriteError extends RaftError {
  readonly code = 'ERR_RAFT_FILE_SNAPSHOT_WRITE';

  constructor(
    /** The temporary file being written. */
    readonly file: string,
    readonly reason: 'disk-full' | 'io',
    options?: ErrorOptions,
  ) {
    super(`writing snapshot file ${file} failed${reason === 'disk-full' ? ': disk full' : ''}`, options);
  }
}
