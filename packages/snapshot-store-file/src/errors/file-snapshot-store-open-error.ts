import { RaftError } from '@raft/core';

/** Why a {@link FileSnapshotStoreOpenError} was raised. */
export type FileSnapshotStoreOpenFailure =
  /** Neither the directory nor its parent exists: typically a typo or an unmounted volume. */
  | 'missing-directory'
  /** The process may not read or write the directory. */
  | 'permission-denied'
  /** The path exists and is not a directory. */
  | 'not-a-directory';

/** The snapshot directory cannot be used. Fatal, and not worth retrying in a loop: it needs an operator. */
export class FileSnapshotStoreOpenError extends RaftError {
  readonly code = 'ERR_RAFT_FILE_SNAPSHOT_STORE_OPEN';
  override readonly fatal = true;

  constructor(
    readonly directory: string,
    readonly reason: FileSnapshotStoreOpenFailure,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`cannot use snapshot directory ${directory} (${reason}): ${detail}`, options);
  }
}
