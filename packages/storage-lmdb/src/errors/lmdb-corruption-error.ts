import { RaftError } from '@raft/core';

/**
 * The database file is damaged: LMDB reported a malformed image, the file is not a Raft LMDB
 * store, or a stored record failed its checksum. Fatal: the node refuses to start (or stops) rather
 * than serve data it cannot trust. Restore the node from a healthy peer (remove it and add it back
 * with an empty data dir) or from a backup.
 */
export class LmdbCorruptionError extends RaftError {
  readonly code = 'ERR_RAFT_LMDB_CORRUPTION';
  override readonly fatal = true;

  constructor(
    /** The database file, as opened. */
    readonly file: string,
    /** What was found, such as `log entry 42 failed its checksum`. */
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`corrupt Raft LMDB store ${file}: ${detail}`, options);
  }
}
