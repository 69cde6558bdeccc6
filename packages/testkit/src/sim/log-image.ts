import { type Entry, entrySizeBytes, InvalidEntriesError, LogRangeError } from '@raft/core';

/**
 * The contents of a log at one moment. Invariant: `entries[i].index === baseIndex + 1 + i`;
 * `baseIndex` is the last compacted index (or the index before the first entry ever appended).
 */
export interface LogImage {
  baseIndex: number;
  entries: Entry[];
}

/** An empty log. */
export function emptyLogImage(): LogImage {
  return { baseIndex: 0, entries: [] };
}

/** A copy that shares the (immutable) entries but not the array. */
export function copyLogImage(image: LogImage): LogImage {
  return { baseIndex: image.baseIndex, entries: image.entries.slice() };
}

/** The last index held, or 0 when the log holds nothing (the `LogStore` convention). */
export function lastIndexOf(image: LogImage): number {
  return image.entries.length === 0 ? 0 : image.baseIndex + image.entries.length;
}

/** The first index held, or 0 when the log holds nothing. */
export function firstIndexOf(image: LogImage): number {
  return image.entries.length === 0 ? 0 : image.baseIndex + 1;
}

/**
 * Throws, with the same errors as core's memory store, unless `entries` can be appended: positive
 * consecutive indexes, positive terms, no gap after the last stored entry.
 */
export function validateAppend(image: LogImage, entries: readonly Entry[]): void {
  const first = entries[0];
  if (first === undefined) return;
  if (!Number.isSafeInteger(first.index) || first.index < 1) {
    throw new InvalidEntriesError(`the first index must be a positive integer, got ${first.index}`);
  }
  entries.forEach((entry, offset) => {
    if (entry.index !== first.index + offset) {
      throw new InvalidEntriesError(
        `indexes must be consecutive: expected ${first.index + offset}, got ${entry.index}`,
      );
    }
    if (!Number.isSafeInteger(entry.term) || entry.term < 1) {
      throw new InvalidEntriesError(
        `entry ${entry.index} has term ${entry.term}; terms are positive integers`,
      );
    }
  });
  if (image.entries.length > 0 && first.index > lastIndexOf(image) + 1) {
    throw new LogRangeError(
      first.index,
      first.index + entries.length,
      firstIndexOf(image),
      lastIndexOf(image),
    );
  }
}

/** Applies a validated append in place: drops every entry at or after `entries[0].index`, then adds. */
export function applyAppend(image: LogImage, entries: readonly Entry[]): void {
  const first = entries[0];
  if (first === undefined) return;
  if (image.entries.length === 0 || first.index <= image.baseIndex) {
    // An empty log, or a batch that starts at or before the first stored entry: start afresh.
    image.baseIndex = first.index - 1;
    image.entries = entries.slice();
    return;
  }
  image.entries.length = first.index - image.baseIndex - 1;
  for (const entry of entries) image.entries.push(entry);
}

/** Applies a compaction in place: drops every entry with `index <= throughIndex`. */
export function applyCompact(image: LogImage, throughIndex: number): void {
  if (throughIndex <= image.baseIndex) return;
  const drop = Math.min(throughIndex - image.baseIndex, image.entries.length);
  image.entries = image.entries.slice(drop);
  image.baseIndex = throughIndex;
}

/** Reads `[lowIndex, highIndex)` like `LogStore.entries`, stopping at `maxBytes` (at least one entry). */
export function readRange(image: LogImage, lowIndex: number, highIndex: number, maxBytes?: number): Entry[] {
  const empty = image.entries.length === 0;
  if (
    !Number.isSafeInteger(lowIndex) ||
    !Number.isSafeInteger(highIndex) ||
    lowIndex > highIndex ||
    (empty ? lowIndex !== highIndex : lowIndex <= image.baseIndex || highIndex > lastIndexOf(image) + 1)
  ) {
    throw new LogRangeError(lowIndex, highIndex, firstIndexOf(image), lastIndexOf(image));
  }
  const start = lowIndex - image.baseIndex - 1;
  let end = highIndex - image.baseIndex - 1;
  if (maxBytes !== undefined && end > start) {
    let totalBytes = 0;
    let position = start;
    while (position < end) {
      const entry = image.entries[position]!;
      totalBytes += entrySizeBytes(entry);
      if (totalBytes > maxBytes && position > start) break;
      position++;
    }
    end = position;
  }
  return image.entries.slice(start, end);
}
