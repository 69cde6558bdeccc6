// Public API of @raft/snapshot-store-file.

export { FileSnapshotCorruptionError } from './errors/file-snapshot-corruption-error.js';
export {
  FileSnapshotStoreOpenError,
  type FileSnapshotStoreOpenFailure,
} from './errors/file-snapshot-store-open-error.js';
export { FileSnapshotWriteError } from './errors/file-snapshot-write-error.js';
export type { FileSnapshotSink } from './file-snapshot-sink.js';
export { createFileSnapshotStore, type FileSnapshotStore } from './file-snapshot-store.js';
export {
  DEFAULT_READ_CHUNK_BYTES,
  DEFAULT_SNAPSHOTS_RETAINED,
  type FileSnapshotStoreOptions,
} from './file-snapshot-store-options.js';
