/** Options of {@link createFileSnapshotStore}. */
export interface FileSnapshotStoreOptions {
  /**
   * The directory snapshots live in. Created if missing, but only if its parent exists (a missing
   * parent usually means a typo or an unmounted volume, which should not look like an empty node).
   */
  readonly directory: string;
  /** How many committed snapshots to keep; older ones are deleted after each commit. Default 2. */
  readonly retain?: number;
  /** The size of the chunks a reader yields, in bytes. Default 64 KiB. */
  readonly readChunkBytes?: number;
}

/** The default of {@link FileSnapshotStoreOptions.retain}. */
export const DEFAULT_SNAPSHOTS_RETAINED = 2;

/** The default of {@link FileSnapshotStoreOptions.readChunkBytes}: 64 KiB. */
export const DEFAULT_READ_CHUNK_BYTES = 64 * 1024;
