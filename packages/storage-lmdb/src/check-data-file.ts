import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { LmdbCorruptionError } from './errors/lmdb-corruption-error.js';

/** LMDB's meta-page magic number. */
const MDB_MAGIC = 0xbeefc0de;
/** Offsets inside a meta page of this LMDB build (lmdb 3.x): magic, page size, last page, txn id. */
const MAGIC_OFFSET = 24;
const PAGE_SIZE_OFFSET = 48;
const LAST_PAGE_OFFSET = 144;
const TXN_ID_OFFSET = 152;
const META_BYTES = 160;

/**
 * Checks, before LMDB maps it, that an existing `data.mdb` is at least as long as its newest meta
 * page says. LMDB reads pages straight from a memory map: a truncated file would otherwise kill
 * the process with SIGBUS on the first read past its end instead of raising an error.
 */
export function checkDataFile(file: string): void {
  let size: number;
  try {
    size = statSync(file).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return; // a new environment
    throw error;
  }
  if (size === 0) throw new LmdbCorruptionError(file, 'the file is empty: truncated');
  const descriptor = openSync(file, 'r');
  try {
    const first = readMeta(descriptor, 0);
    if (first === undefined) throw new LmdbCorruptionError(file, 'the first meta page is unreadable');
    const second = readMeta(descriptor, first.pageSize);
    const newest = second !== undefined && second.txnId > first.txnId ? second : first;
    const requiredBytes = (newest.lastPage + 1) * first.pageSize;
    if (size < requiredBytes) {
      throw new LmdbCorruptionError(
        file,
        `the file is ${size} bytes but its meta page needs ${requiredBytes}: truncated`,
      );
    }
  } finally {
    closeSync(descriptor);
  }
}

/** The meta page at `offset`, or `undefined` if it lacks LMDB's magic number. */
function readMeta(descriptor: number, offset: number) {
  const buffer = Buffer.alloc(META_BYTES);
  if (readSync(descriptor, buffer, 0, META_BYTES, offset) < META_BYTES) return undefined;
  if (buffer.readUInt32LE(MAGIC_OFFSET) !== MDB_MAGIC) return undefined;
  const pageSize = buffer.readUInt32LE(PAGE_SIZE_OFFSET);
  if (pageSize < 512 || pageSize > 65536) return undefined;
  return {
    pageSize,
    lastPage: Number(buffer.readBigUInt64LE(LAST_PAGE_OFFSET)),
    txnId: Number(buffer.readBigUInt64LE(TXN_ID_OFFSET)),
  };
}
