/**
 * Options of {@link createSqliteStorage}. Give exactly one of `path` and `dataDir`.
 */
export interface SqliteStorageOptions {
  /** The database file. Its directory must exist. */
  readonly path?: string;
  /** An existing directory; the database is `<dataDir>/raft.sqlite`. */
  readonly dataDir?: string;
  /**
   * SQLite's `synchronous` setting. `'full'` (the default) fsyncs the write-ahead log on every
   * commit, so a resolved `append`/`save` survives a power loss. `'normal'` skips that fsync (it
   * still fsyncs at checkpoints): writes are faster, the database never corrupts, but a power loss
   * or kernel crash (not a process crash) may roll back the last acknowledged writes. For Raft that
   * means forgetting a vote or an entry the leader counted towards a quorum, which can break
   * safety. Use `'normal'` only where losing a node's recent writes is acceptable (tests, a cluster
   * whose nodes never lose power together and where you accept the risk).
   */
  readonly synchronous?: 'full' | 'normal';
  /**
   * What to verify when opening: `'full'` (default) runs SQLite's `quick_check` (page structure)
   * and checks every stored entry's CRC-32 and the hard state's; `'quick'` runs `quick_check` and
   * checks the hard state only; `'none'` checks nothing up front. Every read checks the CRC of what
   * it returns whatever this says, so corrupt data is never served; this option only decides
   * whether a damaged log is found at start rather than when the bad entry is read. `'full'` reads
   * the whole log once (about 1 s per 500 MB), which a compacted Raft log keeps small.
   */
  readonly verifyOnOpen?: 'full' | 'quick' | 'none';
  /**
   * An upper bound on the database file, in bytes (SQLite's `max_page_count`). A write that would
   * grow past it fails with `SqliteDiskFullError` and changes nothing. Default: no bound.
   */
  readonly maxSizeBytes?: number;
  /**
   * How large the write-ahead log file may stay after a checkpoint, in bytes (SQLite's
   * `journal_size_limit`): a large batch grows the WAL, and this shrinks it back. Default 16 MiB.
   */
  readonly walSizeLimitBytes?: number;
  /**
   * Run the writes (`append` with its suffix truncation, `compact`, `save`) on a worker thread with
   * its own connection, so their fsyncs block that thread instead of the event loop; reads stay on
   * the calling thread. Default `false`: every write runs and fsyncs on the calling thread. Same
   * durability either way (a write resolves after its transaction committed with the configured
   * `synchronous`). Set `true` when the event loop has other work to do during a write (a leader
   * receiving acknowledgements, several nodes in one process, slow disks); see the README for
   * measurements. Uses SQLite's shared WAL locking plus a `<file>-lock` file to keep one user per
   * database.
   */
  readonly writeOnWorkerThread?: boolean;
}

/** The file name used inside `dataDir`. */
export const SQLITE_DATABASE_FILE_NAME = 'raft.sqlite';

/** The default of {@link SqliteStorageOptions.walSizeLimitBytes}: 16 MiB. */
export const DEFAULT_WAL_SIZE_LIMIT_BYTES = 16 * 1024 * 1024;
