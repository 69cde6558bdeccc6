import { type Entry, isRaftError, type LogStore } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { makeEntries, makeEntry, plain } from './fixtures.js';
import { type StoreFactory, type StoreSession, withStore } from './store-harness.js';

/** Options of {@link logStoreConformance}. */
export interface LogStoreConformanceOptions {
  /** Per-case timeout, in milliseconds. Default 30,000 (durable stores fsync a lot). */
  readonly timeoutMs?: number;
  /** The payload size of the "large entries" case, in bytes. Default 4 MiB. */
  readonly largeEntryBytes?: number;
}

/** Expects `promise` to reject with a `RaftError` carrying `code`. */
async function expectRaftError(promise: Promise<unknown>, code: string): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error, `expected a rejection with ${code}`).toBeDefined();
  expect(isRaftError(error, code), `expected ${code}, got ${String(error)}`).toBe(true);
}

/** Expects the whole stored log to be exactly `expected` (and the bounds to match it). */
async function expectLog(store: LogStore, expected: readonly Entry[]): Promise<void> {
  const first = expected[0]?.index ?? 0;
  const last = expected.at(-1)?.index ?? 0;
  expect(await store.firstIndex()).toBe(first);
  expect(await store.lastIndex()).toBe(last);
  if (expected.length > 0) expect(plain(await store.entries(first, last + 1))).toEqual(plain(expected));
}

/**
 * Defines the `LogStore` conformance cases (vitest `describe`/`it`) for the store `factory` makes.
 *
 * Each case gets a fresh store from `factory` and cleans it up afterwards. Cases that restart the
 * store (`reopen`) are skipped with a note when the factory gives no `reopen`. See the README beside
 * this file for how a third-party store runs it.
 */
export function logStoreConformance(
  name: string,
  factory: StoreFactory<LogStore>,
  options: LogStoreConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  const largeEntryBytes = options.largeEntryBytes ?? 4 * 1024 * 1024;
  const run = (body: (session: StoreSession<LogStore>) => Promise<void>) => () => withStore(factory, body);

  describe(`${name}: LogStore conformance`, () => {
    describe('empty store', () => {
      it(
        'reports firstIndex and lastIndex 0',
        run(async ({ store }) => {
          expect(await store.firstIndex()).toBe(0);
          expect(await store.lastIndex()).toBe(0);
        }),
        timeout,
      );

      it(
        'returns no entries for an empty range and rejects a non-empty one with LogRangeError',
        run(async ({ store }) => {
          expect(await store.entries(1, 1)).toEqual([]);
          await expectRaftError(store.entries(1, 2), 'ERR_RAFT_LOG_RANGE');
        }),
        timeout,
      );

      it(
        'accepts a first append at any index (a log that starts after a snapshot)',
        run(async ({ store }) => {
          const entries = makeEntries(101, 105, 3);
          await store.append(entries);
          await expectLog(store, entries);
        }),
        timeout,
      );
    });

    describe('append and read', () => {
      it(
        'returns entries exactly as written: index, term, type and bytes',
        run(async ({ store }) => {
          const entries: Entry[] = [
            makeEntry(1, 1, 'noop', 0),
            makeEntry(2, 1, 'config', 40),
            makeEntry(3, 2, 'normal', 0),
            makeEntry(4, 2, 'normal', 255),
            { index: 5, term: 2, type: 'normal', data: new Uint8Array([0, 0xff, 0, 0x80]) },
          ];
          await store.append(entries);
          await expectLog(store, entries);
          const read = await store.entries(1, 6);
          for (const entry of read) expect(entry.data).toBeInstanceOf(Uint8Array);
        }),
        timeout,
      );

      it(
        'continues the log across many appends',
        run(async ({ store }) => {
          const expected: Entry[] = [];
          for (let batch = 0; batch < 20; batch++) {
            const entries = makeEntries(batch * 7 + 1, batch * 7 + 7, 1 + Math.floor(batch / 5));
            await store.append(entries);
            expected.push(...entries);
          }
          await expectLog(store, expected);
        }),
        timeout,
      );

      it(
        'reads any sub-range, including empty ranges at both ends',
        run(async ({ store }) => {
          const entries = makeEntries(1, 20, 1);
          await store.append(entries);
          expect(plain(await store.entries(5, 9))).toEqual(plain(entries.slice(4, 8)));
          expect(plain(await store.entries(20, 21))).toEqual(plain(entries.slice(19)));
          expect(await store.entries(1, 1)).toEqual([]);
          expect(await store.entries(21, 21)).toEqual([]);
        }),
        timeout,
      );

      it(
        'rejects reads outside firstIndex..lastIndex + 1 with LogRangeError',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 10, 1));
          await expectRaftError(store.entries(0, 3), 'ERR_RAFT_LOG_RANGE');
          await expectRaftError(store.entries(5, 12), 'ERR_RAFT_LOG_RANGE');
          await expectRaftError(store.entries(8, 4), 'ERR_RAFT_LOG_RANGE');
        }),
        timeout,
      );

      it(
        'treats an empty batch as a no-op',
        run(async ({ store }) => {
          const entries = makeEntries(1, 3, 1);
          await store.append(entries);
          await store.append([]);
          await expectLog(store, entries);
        }),
        timeout,
      );

      it(
        'round-trips large entries',
        run(async ({ store }) => {
          const entries = [
            makeEntry(1, 1, 'normal', largeEntryBytes),
            makeEntry(2, 1, 'normal', 1),
            makeEntry(3, 1, 'normal', largeEntryBytes / 2),
          ];
          await store.append(entries);
          await expectLog(store, entries);
        }),
        timeout,
      );

      it(
        'round-trips a batch of 10,000 entries',
        run(async ({ store }) => {
          const entries = makeEntries(1, 10_000, 7, 32);
          await store.append(entries);
          await expectLog(store, entries);
        }),
        timeout,
      );

      it(
        'keeps entries at the largest safe indexes and terms',
        run(async ({ store }) => {
          const high = Number.MAX_SAFE_INTEGER - 3; // so that lastIndex() + 1 is still a safe integer
          const entries = [
            makeEntry(high, 2 ** 40),
            makeEntry(high + 1, 2 ** 40),
            makeEntry(high + 2, 2 ** 52),
          ];
          await store.append(entries);
          await expectLog(store, entries);
        }),
        timeout,
      );
    });

    describe('read ranges with a byte limit', () => {
      const entryBytes = 100 + 24; // payload + ENTRY_OVERHEAD_BYTES

      it(
        'stops before the entry that would exceed maxBytes',
        run(async ({ store }) => {
          const entries = makeEntries(1, 10, 1, 100);
          await store.append(entries);
          expect(plain(await store.entries(1, 11, entryBytes * 3))).toEqual(plain(entries.slice(0, 3)));
          expect(plain(await store.entries(1, 11, entryBytes * 3 + entryBytes - 1))).toEqual(
            plain(entries.slice(0, 3)),
          );
          expect(plain(await store.entries(4, 11, entryBytes * 100))).toEqual(plain(entries.slice(3)));
        }),
        timeout,
      );

      it(
        'always returns at least one entry, even when it alone exceeds maxBytes',
        run(async ({ store }) => {
          const entries = makeEntries(1, 3, 1, 1000);
          await store.append(entries);
          expect(plain(await store.entries(2, 4, 1))).toEqual(plain(entries.slice(1, 2)));
          expect(plain(await store.entries(1, 4, 0))).toEqual(plain(entries.slice(0, 1)));
        }),
        timeout,
      );
    });

    describe('truncate the suffix on conflict', () => {
      it(
        'replaces every entry from the first index of a conflicting batch',
        run(async ({ store }) => {
          const old = makeEntries(1, 10, 1);
          await store.append(old);
          const replacement = makeEntries(6, 8, 2);
          await store.append(replacement);
          await expectLog(store, [...old.slice(0, 5), ...replacement]);
        }),
        timeout,
      );

      it(
        'replaces the last entry alone, and the whole log from its first index',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 5, 1));
          await store.append(makeEntries(5, 5, 2));
          await store.append(makeEntries(1, 2, 3));
          await expectLog(store, makeEntries(1, 2, 3));
        }),
        timeout,
      );

      it(
        'replaces the whole log when a batch starts below firstIndex',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 10, 1));
          await store.compact(5);
          const replacement = makeEntries(3, 12, 4);
          await store.append(replacement);
          await expectLog(store, replacement);
        }),
        timeout,
      );

      it(
        'rejects a batch that would leave a gap with LogRangeError and changes nothing',
        run(async ({ store }) => {
          const entries = makeEntries(1, 5, 1);
          await store.append(entries);
          await expectRaftError(store.append(makeEntries(7, 9, 1)), 'ERR_RAFT_LOG_RANGE');
          await expectLog(store, entries);
        }),
        timeout,
      );

      it(
        'rejects a malformed batch with InvalidEntriesError and changes nothing',
        run(async ({ store }) => {
          const entries = makeEntries(1, 5, 1);
          await store.append(entries);
          await expectRaftError(store.append([makeEntry(4, 2), makeEntry(6, 2)]), 'ERR_RAFT_INVALID_ENTRIES');
          await expectRaftError(store.append([makeEntry(6, 0)]), 'ERR_RAFT_INVALID_ENTRIES');
          await expectRaftError(store.append([makeEntry(0, 1)]), 'ERR_RAFT_INVALID_ENTRIES');
          await expectLog(store, entries);
        }),
        timeout,
      );
    });

    describe('compact the prefix', () => {
      it(
        'removes entries through the index and keeps the rest readable',
        run(async ({ store }) => {
          const entries = makeEntries(1, 20, 1);
          await store.append(entries);
          await store.compact(8);
          await expectLog(store, entries.slice(8));
          await expectRaftError(store.entries(8, 10), 'ERR_RAFT_LOG_RANGE');
        }),
        timeout,
      );

      it(
        'ignores compaction below firstIndex',
        run(async ({ store }) => {
          const entries = makeEntries(1, 20, 1);
          await store.append(entries);
          await store.compact(10);
          await store.compact(4);
          await store.compact(0);
          await expectLog(store, entries.slice(10));
        }),
        timeout,
      );

      it(
        'empties the store when compacting through lastIndex or beyond',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 10, 1));
          await store.compact(10);
          await expectLog(store, []);
          await store.append(makeEntries(11, 12, 1));
          await store.compact(50);
          await expectLog(store, []);
        }),
        timeout,
      );

      it(
        'continues the log after a compaction',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 10, 1));
          await store.compact(9);
          const more = makeEntries(11, 15, 2);
          await store.append(more);
          await expectLog(store, [makeEntry(10, 1), ...more]);
        }),
        timeout,
      );

      it(
        'keeps a steady append and compact workload correct',
        run(async ({ store }) => {
          let next = 1;
          for (let round = 0; round < 50; round++) {
            await store.append(makeEntries(next, next + 99, 1 + round));
            next += 100;
            await store.compact(next - 11);
          }
          const first = await store.firstIndex();
          expect(first).toBe(next - 10);
          expect(await store.lastIndex()).toBe(next - 1);
          const tail = await store.entries(first, next);
          expect(tail).toHaveLength(10);
          expect(tail[9]?.term).toBe(50);
        }),
        timeout,
      );
    });

    describe('concurrent readers during a write', () => {
      it(
        'see the log before or after a conflicting append, never a mix',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 100, 1));
          const before = plain(makeEntries(1, 100, 1));
          const after = plain([...makeEntries(1, 49, 1), ...makeEntries(50, 100, 2)]);
          const readsBefore = Array.from({ length: 10 }, () => store.entries(1, 101));
          const write = store.append(makeEntries(50, 150, 2));
          const readsDuring = Array.from({ length: 10 }, () => store.entries(1, 101));
          const lastIndexes = Array.from({ length: 10 }, () => store.lastIndex());
          await write;
          for (const read of await Promise.all([...readsBefore, ...readsDuring])) {
            const seen = plain(read);
            expect([before, after]).toContainEqual(seen);
          }
          for (const last of await Promise.all(lastIndexes)) expect([100, 150]).toContain(last);
          await expectLog(store, [...makeEntries(1, 49, 1), ...makeEntries(50, 150, 2)]);
        }),
        timeout,
      );

      it(
        'see the same entries above the compaction point while a compaction runs',
        run(async ({ store }) => {
          const entries = makeEntries(1, 100, 1);
          await store.append(entries);
          const compaction = store.compact(50);
          const reads = Array.from({ length: 10 }, () => store.entries(60, 101));
          const firsts = Array.from({ length: 10 }, () => store.firstIndex());
          await compaction;
          for (const read of await Promise.all(reads)) expect(plain(read)).toEqual(plain(entries.slice(59)));
          for (const first of await Promise.all(firsts)) expect([1, 51]).toContain(first);
        }),
        timeout,
      );

      it(
        'keep what they read unchanged by later writes',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 10, 1));
          const read = await store.entries(1, 11);
          const snapshot = plain(read);
          await store.append(makeEntries(3, 12, 2));
          await store.compact(5);
          expect(plain(read)).toEqual(snapshot);
        }),
        timeout,
      );
    });

    describe('close', () => {
      it(
        'makes the store unusable, and closing twice is harmless',
        run(async ({ store }) => {
          await store.append(makeEntries(1, 3, 1));
          await store.close();
          await store.close();
          await expect(store.lastIndex()).rejects.toThrow();
          await expect(store.entries(1, 2)).rejects.toThrow();
          await expect(store.append(makeEntries(4, 4, 1))).rejects.toThrow();
        }),
        timeout,
      );
    });

    describe('reopen and see everything acknowledged', () => {
      const durable =
        (body: (session: StoreSession<LogStore>) => Promise<void>) =>
        (context: { skip: (note: string) => never }) =>
          withStore(factory, body, context);

      it(
        'keeps a fresh store empty across a restart',
        durable(async (session) => {
          await expectLog(await session.reopen(), []);
        }),
        timeout,
      );

      it(
        'keeps every appended entry',
        durable(async (session) => {
          const entries = [
            ...makeEntries(1, 500, 1, 64),
            makeEntry(501, 2, 'config', 40),
            makeEntry(502, 2, 'noop', 0),
          ];
          for (let start = 0; start < entries.length; start += 50) {
            await session.store.append(entries.slice(start, start + 50));
          }
          await expectLog(await session.reopen(), entries);
        }),
        timeout,
      );

      it(
        'keeps a truncated suffix truncated',
        durable(async (session) => {
          await session.store.append(makeEntries(1, 20, 1));
          await session.store.append(makeEntries(11, 12, 2));
          await expectLog(await session.reopen(), [...makeEntries(1, 10, 1), ...makeEntries(11, 12, 2)]);
        }),
        timeout,
      );

      it(
        'keeps a compacted prefix compacted, and firstIndex where it was',
        durable(async (session) => {
          await session.store.append(makeEntries(1, 30, 1));
          await session.store.compact(17);
          const store = await session.reopen();
          await expectLog(store, makeEntries(18, 30, 1));
          await store.append(makeEntries(31, 31, 2));
          await expectLog(await session.reopen(), [...makeEntries(18, 30, 1), makeEntry(31, 2)]);
        }),
        timeout,
      );

      it(
        'keeps a fully compacted store empty',
        durable(async (session) => {
          await session.store.append(makeEntries(1, 30, 1));
          await session.store.compact(30);
          await expectLog(await session.reopen(), []);
        }),
        timeout,
      );

      it(
        'keeps large entries intact',
        durable(async (session) => {
          const entries = [makeEntry(1, 1, 'normal', largeEntryBytes), makeEntry(2, 1, 'normal', 3)];
          await session.store.append(entries);
          await expectLog(await session.reopen(), entries);
        }),
        timeout,
      );

      it(
        'survives several restarts with writes in between',
        durable(async (session) => {
          const expected: Entry[] = [];
          for (let round = 1; round <= 4; round++) {
            const entries = makeEntries(expected.length + 1, expected.length + 25, round);
            await session.store.append(entries);
            expected.push(...entries);
            await expectLog(await session.reopen(), expected);
          }
        }),
        timeout,
      );
    });
  });
}
