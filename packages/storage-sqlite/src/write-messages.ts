/**
 * The messages between the main thread and the SQLite write thread (`writeOnWorkerThread`). Types
 * only: the worker imports nothing but better-sqlite3, so it starts fast and needs no `@raft/core`.
 */

/** What the write thread opens its connection with (its `workerData`). */
export interface WriteThreadSettings {
  readonly file: string;
  readonly synchronous: 'full' | 'normal';
  readonly walSizeLimitBytes: number;
  readonly maxSizeBytes: number | undefined;
}

/**
 * An append batch, encoded by `encodeEntryBatch` into one transferred `ArrayBuffer` (no per-entry
 * structured clone). Layout for `count` entries, indexes `firstIndex..firstIndex + count - 1`:
 * `float64 term[count]`, `uint32 crc[count]`, `uint32 length[count]`, `uint8 type[count]`, then
 * the payloads back to back.
 */
export interface AppendRequest {
  readonly kind: 'append';
  readonly id: number;
  /** Delete the whole log first (the batch starts before the first stored entry, or the log is empty). */
  readonly replaceAll: boolean;
  readonly firstIndex: number;
  readonly count: number;
  readonly batch: ArrayBuffer;
}

/** Deletes entries through `throughIndex` (everything when `all`), then reclaims free pages. */
export interface CompactRequest {
  readonly kind: 'compact';
  readonly id: number;
  readonly throughIndex: number;
  readonly all: boolean;
}

/** Replaces the hard-state row; `crc` was computed on the main thread. */
export interface SaveRequest {
  readonly kind: 'save';
  readonly id: number;
  readonly term: number;
  readonly votedFor: string | null;
  readonly commitIndex: number;
  readonly crc: number;
}

/** Closes the write connection after every earlier request; the thread then exits. */
export interface CloseRequest {
  readonly kind: 'close';
  readonly id: number;
}

/** A request to the write thread, handled strictly in the order sent. */
export type WriteRequest = AppendRequest | CompactRequest | SaveRequest | CloseRequest;

/** What a failed request threw, reduced to what survives a thread hop and `mapSqliteError` needs. */
export interface WriteFailure {
  readonly message: string;
  /** SQLite's result code (`SQLITE_FULL`, ...), when it was a SQLite error. */
  readonly code: string | undefined;
}

/** The outcome of one request, sent once its transaction committed (or failed and rolled back). */
export interface WriteResult {
  readonly id: number;
  readonly failure?: WriteFailure;
}

/** One message from the write thread: the results of the requests it committed together. */
export interface WriteResponse {
  readonly results: readonly WriteResult[];
}
