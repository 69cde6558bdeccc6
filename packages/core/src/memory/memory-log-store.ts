import { InvalidEntriesError } from '../errors/invalid-entries-error.js';
import { LogRangeError } from '../errors/log-range-error.js';
import { StoreClosedError } from '../errors/store-closed-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import { type Entry, entrySizeBytes } from '../types/entry.js';

/**
 * Compaction leaves dead slots at the front of the backing array; they are dropped only once there
 * are at least this many and they make up at least half the array (see {@link MemoryLogStore}).
 */
const MIN_DEAD_SLOTS_TO_RECLAIM = 1024;

/**
 * A {@link LogStore} that keeps the log in memory: for tests, simulations and benchmarks. Nothing
 * survives the process, so "durable before resolving" holds trivially for the store's lifetime.
 *
 * Entries are kept by reference, not copied: a caller must not mutate an entry's `data` after
 * appending it or after reading it back (the engine and driver never do). Copying every payload
 * would put an allocation per entry on the replication hot path for no benefit to them.
 *
 * Layout: `slots[head + (index - firstIndex)]` holds the entry at `index`. Every operation is
 * synchronous inside its promise, so a concurrent read sees the log before or after a write, never
 * a mix, and a rejected `append` changed nothing (it validates the whole batch first).
 *
 * Cost: `append` of k entries is O(k) amortized, plus O(r) for r replaced entries (each entry is
 * removed at most once). `compact` only advances `head`, so it is O(1), and the dead prefix
 * `slots[0..head)` is reclaimed by copying the live suffix once the dead slots are at least half
 * of the array. Each such copy moves at most as many live entries as there are dead ones, and each
 * entry dies once, so the copying costs O(1) amortized per appended entry. A million single-entry
 * appends with a compaction every 10,000 therefore cost O(a million), not O(a million²).
 */
export class MemoryLogStore implements LogStore {
  private slots: Entry[] = [];
  /** The position in `slots` of the first live entry. Invariant: `0 <= head <= slots.length`. */
  private head = 0;
  /** The index of `slots[head]`; meaningless (kept at 0) while the store is empty. */
  private first = 0;
  private closed = false;

  async firstIndex(): Promise<number> {
    this.ensureOpen();
    return this.first;
  }

  async lastIndex(): Promise<number> {
    this.ensureOpen();
    return this.last();
  }

  /**
   * See {@link LogStore.entries}. An empty range (`lowIndex === highIndex`) is valid anywhere in
   * `firstIndex()..lastIndex() + 1`, and anywhere at all while the store is empty (an empty store
   * accepts any start index, so it has no "next index" to measure against).
   */
  async entries(lowIndex: number, highIndex: number, maxBytes?: number): Promise<Entry[]> {
    this.ensureOpen();
    const count = this.slots.length - this.head;
    if (
      !Number.isSafeInteger(lowIndex) ||
      !Number.isSafeInteger(highIndex) ||
      lowIndex > highIndex ||
      (count === 0 ? lowIndex !== highIndex : lowIndex < this.first || highIndex > this.last() + 1)
    ) {
      throw new LogRangeError(lowIndex, highIndex, this.first, this.last());
    }
    const start = this.head + (lowIndex - this.first);
    let end = this.head + (highIndex - this.first);
    if (maxBytes !== undefined && end > start) {
      // Always at least one entry, so a single oversized entry can still be replicated.
      let totalBytes = entrySizeBytes(this.slots[start]!);
      let position = start + 1;
      while (position < end) {
        totalBytes += entrySizeBytes(this.slots[position]!);
        if (totalBytes > maxBytes) break;
        position++;
      }
      end = position;
    }
    return this.slots.slice(start, end);
  }

  /**
   * See {@link LogStore.append}. Rejects with an {@link InvalidEntriesError} for a malformed batch
   * and a {@link LogRangeError} when `entries[0].index > lastIndex() + 1` (a gap) in a non-empty
   * store; in both cases nothing changes. Starting below `firstIndex()` replaces the whole log.
   * An empty batch changes nothing.
   */
  async append(entries: readonly Entry[]): Promise<void> {
    this.ensureOpen();
    const firstNew = entries[0];
    if (firstNew === undefined) return;
    validateBatch(entries, firstNew.index);
    const count = this.slots.length - this.head;
    if (count === 0 || firstNew.index < this.first) {
      // Empty store, or the batch replaces everything stored: start afresh at the batch's index.
      this.slots = entries.slice();
      this.head = 0;
      this.first = firstNew.index;
      return;
    }
    const last = this.last();
    if (firstNew.index > last + 1) {
      throw new LogRangeError(firstNew.index, firstNew.index + entries.length, this.first, last);
    }
    // Drop the suffix being replaced (a no-op for a plain append at lastIndex + 1), then add.
    this.slots.length = this.head + (firstNew.index - this.first);
    for (const entry of entries) this.slots.push(entry);
  }

  /**
   * See {@link LogStore.compact}. Compacting through `lastIndex()` or beyond empties the store;
   * compacting below `firstIndex()` changes nothing.
   */
  async compact(throughIndex: number): Promise<void> {
    this.ensureOpen();
    if (!Number.isSafeInteger(throughIndex)) {
      throw new TypeError(`compact: throughIndex must be an integer, got ${throughIndex}`);
    }
    const count = this.slots.length - this.head;
    if (count === 0 || throughIndex < this.first) return;
    if (throughIndex >= this.last()) {
      this.slots = [];
      this.head = 0;
      this.first = 0;
      return;
    }
    this.head += throughIndex - this.first + 1;
    this.first = throughIndex + 1;
    if (this.head >= MIN_DEAD_SLOTS_TO_RECLAIM && this.head * 2 >= this.slots.length) {
      this.slots = this.slots.slice(this.head);
      this.head = 0;
    }
  }

  /** Closes the store and drops the log. Closing twice is harmless. */
  async close(): Promise<void> {
    this.closed = true;
    this.slots = [];
    this.head = 0;
    this.first = 0;
  }

  private last(): number {
    const count = this.slots.length - this.head;
    return count === 0 ? 0 : this.first + count - 1;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError('memory log store');
  }
}

/** Throws unless `entries` have consecutive, positive integer indexes from `firstIndex` and positive integer terms. */
function validateBatch(entries: readonly Entry[], firstIndex: number): void {
  if (!Number.isSafeInteger(firstIndex) || firstIndex < 1) {
    throw new InvalidEntriesError(`the first index must be a positive integer, got ${firstIndex}`);
  }
  for (let offset = 0; offset < entries.length; offset++) {
    const entry = entries[offset]!;
    if (entry.index !== firstIndex + offset) {
      throw new InvalidEntriesError(
        `indexes must be consecutive: expected ${firstIndex + offset} at position ${offset}, got ${entry.index}`,
      );
    }
    if (!Number.isSafeInteger(entry.term) || entry.term < 1) {
      throw new InvalidEntriesError(
        `entry ${entry.index} has term ${entry.term}; terms are positive integers`,
      );
    }
  }
}

/** Creates an empty {@link MemoryLogStore}. */
export function createMemoryLogStore(): MemoryLogStore {
  return new MemoryLogStore();
}
