import { describe, expect, it } from 'vitest';
import { SnapshotNotFoundError } from '../errors/snapshot-not-found-error.js';
import { StoreClosedError } from '../errors/store-closed-error.js';
import type { SnapshotDescriptor, SnapshotStore } from '../interfaces/snapshot-store.js';
import { createMemorySnapshotStore, MemorySnapshotStore } from './memory-snapshot-store.js';

function descriptor(lastIncludedIndex: number, lastIncludedTerm = 1): SnapshotDescriptor {
  return {
    lastIncludedIndex,
    lastIncludedTerm,
    membership: { members: [{ id: 'a', address: 'addr-a', voter: true }] },
  };
}

async function commitSnapshot(store: SnapshotStore, lastIncludedIndex: number, chunks: number[][] = [[1]]) {
  const sink = await store.create(descriptor(lastIncludedIndex));
  for (const chunk of chunks) await sink.write(new Uint8Array(chunk));
  return sink.commit();
}

async function readAll(chunks: AsyncIterable<Uint8Array>): Promise<number[][]> {
  const result: number[][] = [];
  for await (const chunk of chunks) result.push([...chunk]);
  return result;
}

describe('MemorySnapshotStore', () => {
  it('lists nothing when new', async () => {
    const store = createMemorySnapshotStore();
    expect(store).toBeInstanceOf(MemorySnapshotStore);
    expect(await store.list()).toEqual([]);
  });

  it('makes nothing visible before commit, then the whole snapshot', async () => {
    const store = createMemorySnapshotStore();
    const sink = await store.create(descriptor(10, 2));
    await sink.write(new Uint8Array([1, 2, 3]));
    expect(await store.list()).toEqual([]);
    const metadata = await sink.commit();
    expect(metadata).toMatchObject({
      lastIncludedIndex: 10,
      lastIncludedTerm: 2,
      sizeBytes: 3,
      membership: { members: [{ id: 'a', address: 'addr-a', voter: true }] },
    });
    expect(await store.list()).toEqual([metadata]);
  });

  it('streams back exactly the bytes written, chunk by chunk', async () => {
    const store = createMemorySnapshotStore();
    const metadata = await commitSnapshot(store, 5, [[1, 2], [], [3, 4, 5]]);
    expect(metadata.sizeBytes).toBe(5);
    const reader = await store.open(metadata.id);
    expect(reader.metadata).toEqual(metadata);
    expect(await readAll(reader.chunks)).toEqual([[1, 2], [], [3, 4, 5]]);
    // The chunks can be read more than once.
    expect(await readAll(reader.chunks)).toEqual([[1, 2], [], [3, 4, 5]]);
  });

  it('copies written chunks, so a writer may reuse its buffer', async () => {
    const store = createMemorySnapshotStore();
    const sink = await store.create(descriptor(1));
    const buffer = new Uint8Array([1, 1]);
    await sink.write(buffer);
    buffer.fill(2);
    await sink.write(buffer);
    buffer.fill(3);
    const metadata = await sink.commit();
    expect(await readAll((await store.open(metadata.id)).chunks)).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });

  it('copies read chunks, so a reader mutating them changes nothing stored', async () => {
    const store = createMemorySnapshotStore();
    const metadata = await commitSnapshot(store, 1, [[7, 7]]);
    for await (const chunk of (await store.open(metadata.id)).chunks) chunk.fill(0);
    expect(await readAll((await store.open(metadata.id)).chunks)).toEqual([[7, 7]]);
  });

  it('copies the membership, so changing the descriptor afterwards changes nothing', async () => {
    const store = createMemorySnapshotStore();
    const members = [{ id: 'a', address: 'addr-a', voter: true }];
    const sink = await store.create({ lastIncludedIndex: 1, lastIncludedTerm: 1, membership: { members } });
    members.push({ id: 'b', address: 'addr-b', voter: true });
    const metadata = await sink.commit();
    expect(metadata.membership.members.map((member) => member.id)).toEqual(['a']);
  });

  it('discards an aborted snapshot and refuses further writes to its sink', async () => {
    const store = createMemorySnapshotStore();
    const sink = await store.create(descriptor(3));
    await sink.write(new Uint8Array([1]));
    await sink.abort();
    await sink.abort();
    expect(await store.list()).toEqual([]);
    await expect(sink.write(new Uint8Array([2]))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(sink.commit()).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('keeps a committed snapshot when its sink is aborted afterwards, and refuses a second commit', async () => {
    const store = createMemorySnapshotStore();
    const sink = await store.create(descriptor(3));
    await sink.write(new Uint8Array([4, 5]));
    const metadata = await sink.commit();
    await sink.abort();
    expect(await store.list()).toEqual([metadata]);
    expect(await readAll((await store.open(metadata.id)).chunks)).toEqual([[4, 5]]);
    await expect(sink.commit()).rejects.toBeInstanceOf(StoreClosedError);
  });

  it('lists newest first by lastIncludedIndex, then by commit order', async () => {
    const store = createMemorySnapshotStore({ retain: 10 });
    const at20 = await commitSnapshot(store, 20);
    const at10 = await commitSnapshot(store, 10);
    const at30 = await commitSnapshot(store, 30);
    const at20Again = await commitSnapshot(store, 20);
    expect((await store.list()).map((metadata) => metadata.id)).toEqual([
      at30.id,
      at20Again.id,
      at20.id,
      at10.id,
    ]);
  });

  it('gives every snapshot a unique id, even with equal index and term', async () => {
    const store = createMemorySnapshotStore({ retain: 10 });
    const ids = new Set<string>();
    for (let count = 0; count < 5; count++) ids.add((await commitSnapshot(store, 7)).id);
    expect(ids.size).toBe(5);
  });

  it('keeps only the newest `retain` snapshots (3 by default)', async () => {
    const store = createMemorySnapshotStore();
    const committed = [];
    for (let index = 1; index <= 5; index++) committed.push(await commitSnapshot(store, index * 10));
    const listed = await store.list();
    expect(listed.map((metadata) => metadata.lastIncludedIndex)).toEqual([50, 40, 30]);
    await expect(store.open(committed[0]!.id)).rejects.toBeInstanceOf(SnapshotNotFoundError);
    expect(() => createMemorySnapshotStore({ retain: 0 })).toThrow(RangeError);
  });

  it('rejects opening an unknown id with a SnapshotNotFoundError', async () => {
    const store = createMemorySnapshotStore();
    await expect(store.open('nope')).rejects.toMatchObject({
      code: 'ERR_RAFT_SNAPSHOT_NOT_FOUND',
      snapshotId: 'nope',
    });
  });

  it('rejects every operation once closed, including pending sinks and open readers', async () => {
    const store = createMemorySnapshotStore();
    const metadata = await commitSnapshot(store, 1, [[1], [2]]);
    const reader = await store.open(metadata.id);
    const sink = await store.create(descriptor(2));
    await store.close();
    await store.close();
    await expect(store.list()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.open(metadata.id)).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.create(descriptor(3))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(sink.write(new Uint8Array([1]))).rejects.toBeInstanceOf(StoreClosedError);
    await expect(sink.commit()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(sink.abort()).resolves.toBeUndefined();
    await expect(readAll(reader.chunks)).rejects.toThrow('memory snapshot store is closed');
  });
});
