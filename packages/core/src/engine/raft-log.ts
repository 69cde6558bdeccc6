import { type Entry, entrySizeBytes } from '../types/entry.js';

/**
 * The engine's view of the log: every entry after the last compacted one, in memory.
 *
 * The engine is synchronous and the stores are not, so the engine keeps the uncompacted log itself
 * and the stores are its durability layer (the driver writes what `Ready.entries` says and reloads
 * the log on restart). Snapshots and compaction bound the memory this takes.
 *
 * Invariants: `baseIndex <= appliedIndex <= applyingIndex <= commitIndex <= lastIndex()`,
 * `stableIndex <= lastIndex()`; entries are consecutive from `baseIndex + 1`.
 */
export class RaftLog {
  private entries: Entry[];
  /** The index and term of the last compacted entry (0/0 when nothing was compacted). */
  private baseIndex: number;
  private baseTerm: number;
  /** Entries up to here were handed to the driver for persisting (and it acknowledged them). */
  stableIndex: number;
  commitIndex: number;
  /** The last entry handed out in `Ready.committedEntries`. */
  applyingIndex: number;
  /** The last entry the driver acknowledged applying (via `advance`). */
  appliedIndex: number;

  constructor(
    entries: readonly Entry[],
    baseIndex: number,
    baseTerm: number,
    commitIndex: number,
    appliedIndex: number,
  ) {
    this.entries = [...entries];
    this.baseIndex = baseIndex;
    this.baseTerm = baseTerm;
    this.stableIndex = this.lastIndex();
    // A persisted commit index past the persisted log cannot be trusted: clamp it.
    this.commitIndex = Math.min(Math.max(commitIndex, baseIndex), this.lastIndex());
    this.appliedIndex = Math.min(Math.max(appliedIndex, baseIndex), this.commitIndex);
    this.applyingIndex = this.appliedIndex;
  }

  /** The index of the last compacted entry (0 when nothing was compacted). */
  compactedIndex(): number {
    return this.baseIndex;
  }

  firstIndex(): number {
    return this.baseIndex + 1;
  }

  lastIndex(): number {
    return this.baseIndex + this.entries.length;
  }

  lastTerm(): number {
    const last = this.entries[this.entries.length - 1];
    return last === undefined ? this.baseTerm : last.term;
  }

  /** The term of the entry at `index`, or `undefined` if it is compacted away or not in the log. */
  term(index: number): number | undefined {
    if (index === this.baseIndex) return this.baseTerm;
    return this.entries[index - this.baseIndex - 1]?.term;
  }

  entry(index: number): Entry | undefined {
    return this.entries[index - this.baseIndex - 1];
  }

  /** Whether the log holds an entry at `index` with `term` (Log Matching: then all before it match too). */
  matchTerm(index: number, term: number): boolean {
    return this.term(index) === term;
  }

  /**
   * Whether a log ending at (`lastIndex`, `lastTerm`) is at least as up-to-date as this one
   * (paper §5.4.1: compare last terms, then lengths).
   */
  isUpToDate(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex >= this.lastIndex());
  }

  /** Whether a log ending at (`lastIndex`, `lastTerm`) is strictly more up to date than this one. */
  isNewerThanOurs(lastIndex: number, lastTerm: number): boolean {
    const ourTerm = this.lastTerm();
    return lastTerm > ourTerm || (lastTerm === ourTerm && lastIndex > this.lastIndex());
  }

  /**
   * Entries from `lowIndex` on, at most `maxCount` and `maxBytes` of them (but at least one if any
   * is in range). Returns the internal entry objects; callers must not mutate them.
   */
  slice(lowIndex: number, maxCount: number, maxBytes: number): Entry[] {
    const start = lowIndex - this.baseIndex - 1;
    if (start < 0 || start >= this.entries.length) return [];
    const end = Math.min(this.entries.length, start + maxCount);
    let bytes = 0;
    let stop = start;
    while (stop < end) {
      bytes += entrySizeBytes(this.entries[stop]!);
      if (bytes > maxBytes && stop > start) break;
      stop++;
    }
    return this.entries.slice(start, stop);
  }

  /** Entries `lowIndex..highIndex` inclusive (both within the log). */
  range(lowIndex: number, highIndex: number): Entry[] {
    return this.entries.slice(lowIndex - this.baseIndex - 1, highIndex - this.baseIndex);
  }

  /** Appends entries that continue the log (the leader's own proposals). */
  appendOwn(entries: readonly Entry[]): void {
    for (const entry of entries) this.entries.push(entry);
  }

  /**
   * The first index in `entries` whose term differs from ours (or that we lack), or 0 if the log
   * already holds them all.
   */
  findConflict(entries: readonly Entry[]): number {
    for (const entry of entries) {
      if (!this.matchTerm(entry.index, entry.term)) return entry.index;
    }
    return 0;
  }

  /**
   * Replaces everything from `entries[0].index` on with `entries`. The caller guarantees that the
   * replaced suffix is uncommitted. Entries that were persisted become unstable again, so the next
   * `Ready` rewrites the suffix.
   */
  truncateAndAppend(entries: readonly Entry[]): void {
    const first = entries[0];
    if (first === undefined) return;
    this.entries.length = first.index - this.baseIndex - 1;
    for (const entry of entries) this.entries.push(entry);
    this.stableIndex = Math.min(this.stableIndex, first.index - 1);
  }

  /**
   * The largest index `<= index` whose term is `<= term`: where a leader and a follower can next
   * hope to agree (the fast back-off of thesis §5.3).
   */
  findConflictByTerm(index: number, term: number): number {
    let candidate = Math.min(index, this.lastIndex());
    while (candidate > this.baseIndex) {
      const candidateTerm = this.term(candidate);
      if (candidateTerm !== undefined && candidateTerm <= term) return candidate;
      candidate--;
    }
    return this.baseIndex;
  }

  /** Entries not yet handed to the driver for persisting. */
  unstableEntries(): Entry[] {
    return this.entries.slice(this.stableIndex - this.baseIndex);
  }

  hasUnstableEntries(): boolean {
    return this.stableIndex < this.lastIndex();
  }

  /** Records that the driver persisted entries up to `entry` (unless they were replaced since). */
  markStable(lastPersisted: Entry): void {
    if (this.matchTerm(lastPersisted.index, lastPersisted.term)) {
      this.stableIndex = Math.max(this.stableIndex, lastPersisted.index);
    }
  }

  /** Drops the entries up to `throughIndex` (they are in a snapshot). The caller keeps it within the log. */
  compact(throughIndex: number): void {
    this.baseTerm = this.term(throughIndex)!;
    this.entries = this.entries.slice(throughIndex - this.baseIndex);
    this.baseIndex = throughIndex;
  }

  /** Replaces the whole log with a snapshot ending at (`index`, `term`): everything up to it is committed and applied. */
  restore(index: number, term: number): void {
    this.entries = [];
    this.baseIndex = index;
    this.baseTerm = term;
    this.stableIndex = index;
    this.commitIndex = index;
    this.applyingIndex = index;
    this.appliedIndex = index;
  }

  hasEntriesToApply(): boolean {
    return this.applyingIndex < this.commitIndex;
  }

  /** Hands out the committed entries not yet handed out. */
  takeEntriesToApply(): Entry[] {
    const entries = this.range(this.applyingIndex + 1, this.commitIndex);
    this.applyingIndex = this.commitIndex;
    return entries;
  }
}
