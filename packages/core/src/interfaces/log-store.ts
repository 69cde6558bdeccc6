import type { Entry } from '../types/entry.js';

/**
 * Durable storage for the replicated log.
 *
 * The engine never calls a store: the {@link RaftNode} driver writes what the engine's `Ready`
 * asks for and reads the log back on restart.
 *
 * Correctness requirements (pinned down by `logStoreConformance` in `@raft/testkit`):
 * - Durable before resolving: when `append` or `compact` resolves, the change survives a crash
 *   (fsync or equivalent). A rejected promise means the write may or may not have happened.
 * - No holes: the stored entries are always a contiguous range `firstIndex()..lastIndex()`.
 * - Atomic append: `append` replaces every stored entry at or after `entries[0].index` with
 *   `entries`, as one step; after a crash the log is either the old one or the new one, never torn.
 * - Writes are serialized by the caller (the driver never overlaps two writes); reads may run
 *   concurrently with a write and see the log before or after it, never a mix.
 * - Entries come back exactly as written (same index, term, type and bytes).
 */
export interface LogStore {
  /** The index of the first stored entry, or 0 when the store holds none. */
  firstIndex(): Promise<number>;
  /** The index of the last stored entry, or 0 when the store holds none. */
  lastIndex(): Promise<number>;
  /**
   * The entries with `lowIndex <= index < highIndex`, in order. When `maxBytes` is given, stops
   * before the entry that would exceed it, but always returns at least one entry if any is in range.
   * Throws a `LogRangeError` for indexes outside `firstIndex()..lastIndex() + 1`.
   */
  entries(lowIndex: number, highIndex: number, maxBytes?: number): Promise<Entry[]>;
  /**
   * Appends `entries` (consecutive indexes), first removing any stored entry whose index is
   * `>= entries[0].index`. Requires `entries[0].index <= lastIndex() + 1` unless the store is empty.
   */
  append(entries: readonly Entry[]): Promise<void>;
  /** Removes every entry with `index <= throughIndex` (log compaction after a snapshot). */
  compact(throughIndex: number): Promise<void>;
  /** Releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}
