// Public API of @raft/storage-lmdb.

export { createLmdbStorage, type LmdbStorage } from './create-lmdb-storage.js';
export { LmdbCorruptionError } from './errors/lmdb-corruption-error.js';
export { LmdbDiskFullError } from './errors/lmdb-disk-full-error.js';
export { LmdbIoError } from './errors/lmdb-io-error.js';
export { LmdbOpenError, type LmdbOpenFailure } from './errors/lmdb-open-error.js';
export type { LmdbLogStore } from './lmdb-log-store.js';
export type { LmdbStableStore } from './lmdb-stable-store.js';
export { LMDB_ENVIRONMENT_DIR_NAME, type LmdbStorageOptions } from './lmdb-storage-options.js';
