import { describe, expect, it } from 'vitest';
import { InvalidEntriesError } from '../errors/invalid-entries-error.js';
import { LogRangeError } from '../errors/log-range-error.js';
import { isRaftError } from '../errors/raft-error.js';
import { StoreClosedError } from '../errors/store-closed-error.js';
import { ENTRY_OVERHEAD_BYTES, type Entry } from '../types/entry.js';
import { createMemoryLogStore, MemoryLogStore } from './memory-log-store.js';

function entry(index: number, term = 1, dataBytes = 0): Entry {
  return { index, term, type: 'normal', data: new Uint8Array(dataBytes).fill(index % 256) };
}

/** Entries `from..to` inclusive, all in `term`. */
function range(from: number, to: number, term = 1, dataBytes = 0): Entry[] {
  const result: Entry[] = [];
  for (let index = from; index <= to; index++) result.push(entry(index, term, dataBytes));
  return result;
}

async function indexesOf(store: MemoryLogStore): Promise<number[]> {
  const low = await store.firstIndex();
  const high = (await store.lastIndex()) + 1;
  return (await store.entries(low, high)).map((stored) => stored.index);
}

describe('MemoryLogStore', () => {
  it('reports 0 for firstIndex and lastIndex when empty', async () => {
    const store = createMemoryLogStore();
    expect(store).toBeInstanceOf(MemoryLogStore);
    expect(await store.firstIndex()).toBe(0);
    expect(await store.lastIndex()).toBe(0);
  });

  it('returns entries exactly as appended', async () => {
    const store = createMemoryLogStore();
    const written: Entry[] = [
      { index: 1, term: 1, type: 'config', data: new Uint8Array([1, 2]) },
      { index: 2, term: 1, type: 'noop', data: new Uint8Array() },
      { index: 3, term: 2, type: 'normal', data: new Uint8Array([9, 8, 7]) },
    ];
    await store.append(written);
    expect(await store.firstIndex()).toBe(1);
    expect(await store.lastIndex()).toBe(3);
    expect(await store.entries(1, 4)).toEqual(written);
  });

  it('reads half-open ranges [lowIndex, highIndex)', async () => {
    const store = createMemoryLogStore();
    await store.append(range(1, 10));
    expect((await store.entries(3, 6)).map((stored) => stored.index)).toEqual([3, 4, 5]);
    expect(await store.entries(4, 4)).toEqual([]);
    expect(await store.entries(11, 11)).toEqual([]);
  });

  it('does not let a caller mutating the batch array change the stored log', async () => {
    const store = createMemoryLogStore();
    const batch = range(1, 3);
    await store.append(batch);
    batch.length = 0;
    batch.push(entry(1, 9));
    expect(await indexesOf(store)).toEqual([1, 2, 3]);
    expect((await store.entries(1, 2))[0]?.term).toBe(1);
  });

  describe('maxBytes', () => {
    // Each entry counts 10 data bytes plus the fixed overhead.
    const entryBytes = 10 + ENTRY_OVERHEAD_BYTES;

    it('stops before the entry that would exceed the limit', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 10, 1, 10));
      expect(await store.entries(1, 11, 3 * entryBytes)).toHaveLength(3);
      expect(await store.entries(1, 11, 3 * entryBytes + entryBytes - 1)).toHaveLength(3);
      expect(await store.entries(1, 11, 100 * entryBytes)).toHaveLength(10);
    });

    it('returns at least one entry, even if it alone exceeds the limit', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 5, 1, 10));
      const result = await store.entries(2, 6, 1);
      expect(result.map((stored) => stored.index)).toEqual([2]);
      expect(await store.entries(2, 6, 0)).toHaveLength(1);
    });

    it('returns nothing for an empty range', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 5, 1, 10));
      expect(await store.entries(3, 3, 1)).toEqual([]);
    });
  });

  describe('out-of-range reads', () => {
    it('rejects with a LogRangeError naming the request and the stored range', async () => {
      const store = createMemoryLogStore();
      await store.append(range(5, 9));
      const error = await store.entries(2, 6).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LogRangeError);
      expect(error).toMatchObject({ lowIndex: 2, highIndex: 6, firstIndex: 5, lastIndex: 9 });
      expect(isRaftError(error, 'ERR_RAFT_LOG_RANGE')).toBe(true);
    });

    it('rejects reads past lastIndex + 1, below firstIndex, reversed or non-integer', async () => {
      const store = createMemoryLogStore();
      await store.append(range(5, 9));
      await expect(store.entries(5, 11)).rejects.toBeInstanceOf(LogRangeError);
      await expect(store.entries(4, 4)).rejects.toBeInstanceOf(LogRangeError);
      await expect(store.entries(12, 12)).rejects.toBeInstanceOf(LogRangeError);
      await expect(store.entries(7, 6)).rejects.toBeInstanceOf(LogRangeError);
      await expect(store.entries(5.5, 7)).rejects.toBeInstanceOf(LogRangeError);
    });

    it('rejects non-empty reads of an empty store but allows empty ones', async () => {
      const store = createMemoryLogStore();
      await expect(store.entries(1, 2)).rejects.toBeInstanceOf(LogRangeError);
      expect(await store.entries(1, 1)).toEqual([]);
    });
  });

  describe('append', () => {
    it('accepts any start index on an empty store', async () => {
      const store = createMemoryLogStore();
      await store.append(range(42, 44));
      expect(await store.firstIndex()).toBe(42);
      expect(await store.lastIndex()).toBe(44);
    });

    it('extends the log at lastIndex + 1', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 3));
      await store.append(range(4, 5));
      expect(await indexesOf(store)).toEqual([1, 2, 3, 4, 5]);
    });

    it('replaces the suffix from the first new index, dropping longer old entries', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 10, 1));
      await store.append(range(4, 5, 2));
      expect(await store.lastIndex()).toBe(5);
      const stored = await store.entries(1, 6);
      expect(stored.map((e) => [e.index, e.term])).toEqual([
        [1, 1],
        [2, 1],
        [3, 1],
        [4, 2],
        [5, 2],
      ]);
    });

    it('replaces the whole log when the batch starts at or below firstIndex', async () => {
      const store = createMemoryLogStore();
      await store.append(range(5, 8, 1));
      await store.append(range(3, 4, 2));
      expect(await store.firstIndex()).toBe(3);
      expect(await store.lastIndex()).toBe(4);
      expect((await store.entries(3, 5)).map((e) => e.term)).toEqual([2, 2]);
    });

    it('rejects a gap after lastIndex with a LogRangeError and changes nothing', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 3));
      const error = await store.append(range(5, 6)).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(LogRangeError);
      expect(error).toMatchObject({ lowIndex: 5, highIndex: 7, firstIndex: 1, lastIndex: 3 });
      expect(await indexesOf(store)).toEqual([1, 2, 3]);
    });

    it('rejects non-consecutive indexes with an InvalidEntriesError and changes nothing', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 3));
      const batch = [entry(2, 2), entry(3, 2), entry(5, 2)];
      const error = await store.append(batch).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidEntriesError);
      expect(isRaftError(error, 'ERR_RAFT_INVALID_ENTRIES')).toBe(true);
      // Validation happens before the suffix is removed: entry 3 keeps its old term.
      expect((await store.entries(1, 4)).map((e) => e.term)).toEqual([1, 1, 1]);
    });

    it('rejects an index or term below 1', async () => {
      const store = createMemoryLogStore();
      await expect(store.append([entry(0)])).rejects.toBeInstanceOf(InvalidEntriesError);
      await expect(store.append([entry(1, 0)])).rejects.toBeInstanceOf(InvalidEntriesError);
      await expect(store.append([entry(1.5)])).rejects.toBeInstanceOf(InvalidEntriesError);
      expect(await store.lastIndex()).toBe(0);
    });

    it('treats an empty batch as a no-op', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 3));
      await store.append([]);
      expect(await indexesOf(store)).toEqual([1, 2, 3]);
    });
  });

  describe('compact', () => {
    it('removes every entry at or below throughIndex', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 10));
      await store.compact(4);
      expect(await store.firstIndex()).toBe(5);
      expect(await store.lastIndex()).toBe(10);
      expect(await indexesOf(store)).toEqual([5, 6, 7, 8, 9, 10]);
      await expect(store.entries(4, 6)).rejects.toBeInstanceOf(LogRangeError);
    });

    it('changes nothing when throughIndex is below firstIndex', async () => {
      const store = createMemoryLogStore();
      await store.append(range(5, 7));
      await store.compact(3);
      expect(await indexesOf(store)).toEqual([5, 6, 7]);
    });

    it('empties the store when compacting through lastIndex or beyond', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 5));
      await store.compact(9);
      expect(await store.firstIndex()).toBe(0);
      expect(await store.lastIndex()).toBe(0);
      // Empty again, so any start index is accepted (for example after installing a snapshot).
      await store.append(range(10, 11));
      expect(await indexesOf(store)).toEqual([10, 11]);
    });

    it('keeps appending, replacing and reading correctly after compaction', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 6));
      await store.compact(3);
      await store.append(range(7, 8));
      await store.append(range(6, 6, 2));
      expect(await indexesOf(store)).toEqual([4, 5, 6]);
      expect((await store.entries(6, 7))[0]?.term).toBe(2);
    });

    it('stays correct across many compactions that reclaim the dead prefix', async () => {
      const store = createMemoryLogStore();
      let next = 1;
      for (let round = 0; round < 10; round++) {
        await store.append(range(next, next + 2999));
        next += 3000;
        await store.compact(next - 500);
      }
      expect(await store.firstIndex()).toBe(next - 499);
      expect(await store.lastIndex()).toBe(next - 1);
      const tail = await store.entries(next - 499, next);
      expect(tail).toHaveLength(499);
      expect(tail.every((stored, offset) => stored.index === next - 499 + offset)).toBe(true);
    });

    it('rejects a non-integer throughIndex', async () => {
      const store = createMemoryLogStore();
      await store.append(range(1, 3));
      await expect(store.compact(1.5)).rejects.toBeInstanceOf(TypeError);
      expect(await indexesOf(store)).toEqual([1, 2, 3]);
    });
  });

  it('rejects every operation with a StoreClosedError once closed', async () => {
    const store = createMemoryLogStore();
    await store.append(range(1, 3));
    await store.close();
    await store.close();
    await expect(store.firstIndex()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.lastIndex()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.entries(1, 2)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.append(range(4, 4))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.compact(1)).rejects.toThrow('memory log store is closed');
  });
});
