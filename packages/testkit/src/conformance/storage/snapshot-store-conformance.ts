import { isRaftError, type SnapshotDescriptor, type SnapshotReader, type SnapshotStore } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { concatBytes, payloadFor, SAMPLE_MEMBERSHIP, toHex } from './fixtures.js';
import { type StoreFactory, type StoreSession, withStore } from './store-harness.js';

/** Options of {@link snapshotStoreConformance}. */
export interface SnapshotStoreConformanceOptions {
  /** Per-case timeout, in milliseconds. Default 30,000. */
  readonly timeoutMs?: number;
  /** The size of the "large snapshot" case, in bytes. Default 8 MiB. */
  readonly largeSnapshotBytes?: number;
}

/** A descriptor at `lastIncludedIndex` in `lastIncludedTerm`, with the sample membership. */
function descriptor(lastIncludedIndex: number, lastIncludedTerm = 1): SnapshotDescriptor {
  return { lastIncludedIndex, lastIncludedTerm, membership: SAMPLE_MEMBERSHIP };
}

/** Writes `payload` in chunks of `chunkBytes` and commits; resolves with the metadata. */
async function writeSnapshot(
  store: SnapshotStore,
  snapshotDescriptor: SnapshotDescriptor,
  payload: Uint8Array,
  chunkBytes = 64 * 1024,
) {
  const sink = await store.create(snapshotDescriptor);
  for (let offset = 0; offset < payload.byteLength; offset += chunkBytes) {
    await sink.write(payload.subarray(offset, Math.min(offset + chunkBytes, payload.byteLength)));
  }
  return sink.commit();
}

/** Reads a whole snapshot; resolves with its bytes and how many chunks they came in. */
async function readSnapshot(reader: SnapshotReader): Promise<{ bytes: Uint8Array; chunkCount: number }> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of reader.chunks) chunks.push(chunk.slice());
  return { bytes: concatBytes(chunks), chunkCount: chunks.length };
}

/**
 * Defines the `SnapshotStore` conformance cases (vitest `describe`/`it`) for the store `factory`
 * makes. Cases that restart the store are skipped with a note when the factory gives no `reopen`.
 * The store must retain at least two snapshots for the ordering case.
 */
export function snapshotStoreConformance(
  name: string,
  factory: StoreFactory<SnapshotStore>,
  options: SnapshotStoreConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  const largeBytes = options.largeSnapshotBytes ?? 8 * 1024 * 1024;
  const run = (body: (session: StoreSession<SnapshotStore>) => Promise<void>) => () =>
    withStore(factory, body);
  const durable =
    (body: (session: StoreSession<SnapshotStore>) => Promise<void>) =>
    (context: { skip: (note: string) => never }) =>
      withStore(factory, body, context);

  describe(`${name}: SnapshotStore conformance`, () => {
    it(
      'lists nothing when empty and rejects opening an unknown id with SnapshotNotFoundError',
      run(async ({ store }) => {
        expect(await store.list()).toEqual([]);
        const error = await store.open('no-such-snapshot').then(
          () => undefined,
          (reason: unknown) => reason,
        );
        expect(isRaftError(error, 'ERR_RAFT_SNAPSHOT_NOT_FOUND'), String(error)).toBe(true);
      }),
      timeout,
    );

    it(
      'writes in chunks, commits, and reads back the same bytes and metadata',
      run(async ({ store }) => {
        const payload = payloadFor(42, 3, 300_001);
        const metadata = await writeSnapshot(store, descriptor(42, 3), payload, 10_000);
        expect(metadata).toMatchObject({ lastIncludedIndex: 42, lastIncludedTerm: 3, sizeBytes: 300_001 });
        expect(metadata.membership).toEqual(SAMPLE_MEMBERSHIP);
        expect(typeof metadata.id).toBe('string');
        const listed = await store.list();
        expect(listed).toHaveLength(1);
        expect(listed[0]).toEqual(metadata);
        const reader = await store.open(metadata.id);
        expect(reader.metadata).toEqual(metadata);
        expect(toHex((await readSnapshot(reader)).bytes)).toBe(toHex(payload));
      }),
      timeout,
    );

    it(
      'round-trips an empty snapshot',
      run(async ({ store }) => {
        const metadata = await writeSnapshot(store, descriptor(5), new Uint8Array(0));
        expect(metadata.sizeBytes).toBe(0);
        expect((await readSnapshot(await store.open(metadata.id))).bytes.byteLength).toBe(0);
      }),
      timeout,
    );

    it(
      'streams a large snapshot back in more than one chunk',
      run(async ({ store }) => {
        const payload = payloadFor(1000, 9, largeBytes);
        const metadata = await writeSnapshot(store, descriptor(1000, 9), payload);
        const { bytes, chunkCount } = await readSnapshot(await store.open(metadata.id));
        expect(chunkCount).toBeGreaterThan(1);
        expect(bytes.byteLength).toBe(largeBytes);
        expect(Buffer.compare(Buffer.from(bytes), Buffer.from(payload))).toBe(0);
      }),
      timeout,
    );

    it(
      'lets a writer reuse its buffer once write resolves',
      run(async ({ store }) => {
        const sink = await store.create(descriptor(3));
        const buffer = new Uint8Array(4);
        for (let value = 1; value <= 3; value++) {
          buffer.fill(value);
          await sink.write(buffer);
        }
        const metadata = await sink.commit();
        expect(toHex((await readSnapshot(await store.open(metadata.id))).bytes)).toBe(
          '010101010202020203030303',
        );
      }),
      timeout,
    );

    it(
      'shows nothing until commit resolves',
      run(async ({ store }) => {
        const sink = await store.create(descriptor(10));
        await sink.write(payloadFor(10, 1, 1000));
        expect(await store.list()).toEqual([]);
        await sink.commit();
        expect(await store.list()).toHaveLength(1);
      }),
      timeout,
    );

    it(
      'discards an aborted snapshot, and abort after commit or twice is harmless',
      run(async ({ store }) => {
        const aborted = await store.create(descriptor(10));
        await aborted.write(payloadFor(10, 1, 1000));
        await aborted.abort();
        await aborted.abort();
        expect(await store.list()).toEqual([]);
        await expect(aborted.write(new Uint8Array(1))).rejects.toThrow();
        await expect(aborted.commit()).rejects.toThrow();
        const committed = await store.create(descriptor(11));
        await committed.write(new Uint8Array(8));
        await committed.commit();
        await committed.abort();
        expect(await store.list()).toHaveLength(1);
        await expect(committed.write(new Uint8Array(1))).rejects.toThrow();
      }),
      timeout,
    );

    it(
      'lists snapshots newest first by lastIncludedIndex, with unique ids',
      run(async ({ store }) => {
        await writeSnapshot(store, descriptor(20, 2), payloadFor(20, 2, 10));
        await writeSnapshot(store, descriptor(30, 3), payloadFor(30, 3, 10));
        await writeSnapshot(store, descriptor(25, 2), payloadFor(25, 2, 10));
        const listed = await store.list();
        expect(listed.length).toBeGreaterThanOrEqual(2);
        expect(listed[0]?.lastIncludedIndex).toBe(30);
        const indexes = listed.map((metadata) => metadata.lastIncludedIndex);
        expect(indexes).toEqual([...indexes].sort((a, b) => b - a));
        expect(new Set(listed.map((metadata) => metadata.id)).size).toBe(listed.length);
      }),
      timeout,
    );

    it(
      'keeps the newest snapshot, and every listed one opens, after many commits',
      run(async ({ store }) => {
        for (let index = 1; index <= 8; index++) {
          await writeSnapshot(store, descriptor(index * 100, index), payloadFor(index, index, 500));
        }
        const listed = await store.list();
        expect(listed[0]?.lastIncludedIndex).toBe(800);
        for (const metadata of listed) {
          const index = metadata.lastIncludedIndex / 100;
          const { bytes } = await readSnapshot(await store.open(metadata.id));
          expect(toHex(bytes)).toBe(toHex(payloadFor(index, index, 500)));
        }
      }),
      timeout,
    );

    it(
      'writes two snapshots at once without mixing their bytes',
      run(async ({ store }) => {
        const first = await store.create(descriptor(100, 1));
        const second = await store.create(descriptor(200, 2));
        for (let chunk = 0; chunk < 10; chunk++) {
          await Promise.all([
            first.write(payloadFor(chunk, 1, 1000)),
            second.write(payloadFor(chunk, 2, 1000)),
          ]);
        }
        const [firstMetadata, secondMetadata] = await Promise.all([first.commit(), second.commit()]);
        const expectBytes = (term: number) =>
          toHex(concatBytes(Array.from({ length: 10 }, (_, chunk) => payloadFor(chunk, term, 1000))));
        expect(toHex((await readSnapshot(await store.open(firstMetadata.id))).bytes)).toBe(expectBytes(1));
        expect(toHex((await readSnapshot(await store.open(secondMetadata.id))).bytes)).toBe(expectBytes(2));
      }),
      timeout,
    );

    it(
      'is unusable after close, and closing twice is harmless',
      run(async ({ store }) => {
        await writeSnapshot(store, descriptor(1), new Uint8Array(4));
        await store.close();
        await store.close();
        await expect(store.list()).rejects.toThrow();
        await expect(store.create(descriptor(2))).rejects.toThrow();
      }),
      timeout,
    );

    describe('reopen and see everything acknowledged', () => {
      it(
        'keeps committed snapshots, metadata and bytes',
        durable(async (session) => {
          const payload = payloadFor(77, 4, 200_000);
          const metadata = await writeSnapshot(session.store, descriptor(77, 4), payload);
          const store = await session.reopen();
          expect(await store.list()).toEqual([metadata]);
          expect(toHex((await readSnapshot(await store.open(metadata.id))).bytes)).toBe(toHex(payload));
        }),
        timeout,
      );

      it(
        'shows nothing of a snapshot that was being written when the store closed',
        durable(async (session) => {
          const committed = await writeSnapshot(session.store, descriptor(5), payloadFor(5, 1, 100));
          const sink = await session.store.create(descriptor(9));
          await sink.write(payloadFor(9, 1, 5000));
          const store = await session.reopen();
          expect(await store.list()).toEqual([committed]);
        }),
        timeout,
      );

      it(
        'gives ids after a restart that do not collide with earlier ones',
        durable(async (session) => {
          const before = await writeSnapshot(session.store, descriptor(5), payloadFor(5, 1, 10));
          const store = await session.reopen();
          const after = await writeSnapshot(store, descriptor(5), payloadFor(5, 2, 10));
          expect(after.id).not.toBe(before.id);
          expect(toHex((await readSnapshot(await store.open(after.id))).bytes)).toBe(
            toHex(payloadFor(5, 2, 10)),
          );
        }),
        timeout,
      );
    });
  });
}
