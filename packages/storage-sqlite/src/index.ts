// Public API of @raft/storage-sqlite.

export { createSqliteStorage, type SqliteStorage } from './create-sqlite-storage.js';
export { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
export { SqliteDiskFullError } from './errors/sqlite-disk-full-error.js';
export { SqliteIoError } from './errors/sqlite-io-error.js';
export { SqliteOpenError, type SqliteOpenFailure } from './errors/sqlite-open-error.js';
export type { SqliteLogStore } from './sqlite-log-store.js';
export type { SqliteStableStore } from './sqlite-stable-store.js';
export {
  DEFAULT_WAL_SIZE_LIMIT_BYTES,
  SQLITE_DATABASE_FILE_NAME,
  type SqliteStorageOptions,
} from './sqlite-storage-options.js';
