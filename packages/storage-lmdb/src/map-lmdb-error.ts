import { statfsSync } from 'node:fs';
import { isRaftError } from '@raft/core';
import { LmdbCorruptionError } from './errors/lmdb-corruption-error.js';
import { LmdbDiskFullError } from './errors/lmdb-disk-full-error.js';
import { LmdbIoError } from './errors/lmdb-io-error.js';
import { LmdbOpenError } from './errors/lmdb-open-error.js';

/**
 * Turns what the lmdb package threw during `operation` into this package's typed error. lmdb
 * reports LMDB and system failures as plain `Error`s whose message carries the code, so the
 * message is what is matched. Raft errors pass through unchanged.
 */
export function mapLmdbError(error: unknown, file: string, operation: string): Error {
  if (isRaftError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const text = `${String(code ?? '')} ${message}`;
  const options = { cause: error };
  if (/MDB_CORRUPTED|MDB_PAGE_NOTFOUND|MDB_INVALID|MDB_VERSION_MISMATCH|MDB_BAD_/.test(text)) {
    return new LmdbCorruptionError(file, `${message} during ${operation}`, options);
  }
  if (
    /ENOSPC|No space left|MDB_MAP_FULL|EDQUOT/.test(text) ||
    (/EIO|Input\/output error|^5 /.test(text) && diskNearlyFull(file))
  ) {
    return new LmdbDiskFullError(file, operation, options);
  }
  if (/EACCES|EPERM|EROFS|Permission denied|Read-only file system/.test(text)) {
    return new LmdbOpenError(file, 'permission-denied', `${message} during ${operation}`, options);
  }
  return new LmdbIoError(file, operation, options);
}

/** Bytes free below which an EIO on write counts as a full disk. */
const NEARLY_FULL_BYTES = 4 * 1024 * 1024;

/**
 * Whether the file system holding `path` is (nearly) full. LMDB reports a write cut short by a
 * full disk as EIO rather than ENOSPC, so an EIO is classified by looking at the free space.
 */
function diskNearlyFull(path: string): boolean {
  try {
    const stats = statfsSync(path);
    return stats.bavail * stats.bsize < NEARLY_FULL_BYTES;
  } catch {
    return false;
  }
}
