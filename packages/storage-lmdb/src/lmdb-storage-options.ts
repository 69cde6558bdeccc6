/** Options of {@link createLmdbStorage}. */
export interface LmdbStorageOptions {
  /**
   * An existing directory; the LMDB environment lives in `<dataDir>/raft-lmdb/` (`data.mdb` and
   * `lock.mdb`), created on first use.
   */
  readonly dataDir: string;
  /**
   * Skip fsync on commit (LMDB's `MDB_NOSYNC`). Default `false`: every `append`, `compact` and
   * `save` resolves only once LMDB has synced the data and meta pages. With `true`, writes are much
   * faster, a process crash loses nothing (the OS page cache survives it), but a power loss or
   * kernel crash may roll back recent acknowledged writes or even leave the environment
   * inconsistent. For Raft that means forgetting votes or entries a leader counted towards a quorum:
   * only for tests and benchmarks.
   */
  readonly noSync?: boolean;
  /**
   * What to verify when opening: `'full'` (default) checks the file is as long as its meta page
   * says, then every entry's CRC-32 and that the indexes are contiguous; `'quick'` does the length
   * check only. Reads check CRCs whatever this says, so corrupt data is never served.
   */
  readonly verifyOnOpen?: 'full' | 'quick';
  /**
   * Commit on lmdb's background writer thread instead of synchronously. Default `false`: a write
   * commits and syncs on the calling thread, blocking the event loop for the duration of the sync
   * (typically well under a millisecond on an SSD, see the README), which measured 2-4x faster
   * than handing each transaction to the writer thread and waiting for it. Set `true` when the
   * event loop must stay responsive during long syncs (slow disks); durability is the same.
   */
  readonly commitOnWorkerThread?: boolean;
}

/** The environment directory's name inside `dataDir`. */
export const LMDB_ENVIRONMENT_DIR_NAME = 'raft-lmdb';
