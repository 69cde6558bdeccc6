import { describe, expect, it } from 'vitest';
import type { RaftConfig } from '../config/raft-config.js';
import { validateConfig } from '../config/validate-config.js';
import { StorageError } from '../errors/storage-error.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import { createMemoryStableStore } from '../memory/memory-stable-store.js';
import type { Entry } from '../types/entry.js';
import { decodeMembership } from '../types/membership.js';
import { BOOTSTRAP_HARD_STATE, bootstrapEntry, loadInitialState } from './bootstrap.js';
import { RecordingStateMachine } from './test-support/recording-state-machine.js';

function config(nodeId: string, memberIds = ['a', 'b', 'c']): RaftConfig {
  return validateConfig({ nodeId, initialMembers: memberIds.map((id) => ({ id, address: `addr-${id}` })) });
}

function stores() {
  return {
    logStore: createMemoryLogStore(),
    stableStore: createMemoryStableStore(),
    snapshotStore: createMemorySnapshotStore(),
    stateMachine: new RecordingStateMachine(),
  };
}

function entry(index: number, term: number, text = `e${index}`): Entry {
  return { index, term, type: 'normal', data: new TextEncoder().encode(text) };
}

const members = { members: [{ id: 'a', address: 'addr-a', voter: true }] };

/** Stores a snapshot at `index`/`term` whose state is the entries `1..index` as a RecordingStateMachine saw them. */
async function storeSnapshot(node: ReturnType<typeof stores>, index: number, term: number) {
  const source = new RecordingStateMachine();
  for (let k = 1; k <= index; k++) source.apply(entry(k, term));
  const sink = await node.snapshotStore.create({
    lastIncludedIndex: index,
    lastIncludedTerm: term,
    membership: members,
  });
  for await (const chunk of await source.snapshot()) await sink.write(chunk);
  return sink.commit();
}

describe('loadInitialState', () => {
  it('bootstraps an initial member with empty stores: config entry at 1/1, then hard state term 1', async () => {
    const node = stores();
    const initial = await loadInitialState(config('a'), node);
    expect(initial.hardState).toEqual(BOOTSTRAP_HARD_STATE);
    expect(initial.entries).toHaveLength(1);
    expect(initial.appliedIndex).toBe(0);
    expect(await node.stableStore.load()).toEqual({ term: 1, votedFor: undefined, commitIndex: 0 });
    const [stored] = await node.logStore.entries(1, 2);
    expect(stored).toMatchObject({ index: 1, term: 1, type: 'config' });
    expect(decodeMembership(stored!.data).members).toEqual([
      { id: 'a', address: 'addr-a', voter: true },
      { id: 'b', address: 'addr-b', voter: true },
      { id: 'c', address: 'addr-c', voter: true },
    ]);
  });

  it('writes the same bootstrap bytes whatever order the members are listed in', () => {
    expect(bootstrapEntry(config('a', ['c', 'a', 'b'])).data).toEqual(
      bootstrapEntry(config('b', ['a', 'b', 'c'])).data,
    );
  });

  it('does not bootstrap a node that is not an initial member', async () => {
    const node = stores();
    const initial = await loadInitialState(config('d'), node);
    expect(initial.entries).toEqual([]);
    expect(initial.hardState).toEqual({ term: 0, votedFor: undefined, commitIndex: 0 });
    expect(await node.logStore.lastIndex()).toBe(0);
    expect(await node.stableStore.load()).toBeUndefined();
  });

  it('finishes a bootstrap that crashed between the entry and the hard state', async () => {
    const node = stores();
    await node.logStore.append([bootstrapEntry(config('a'))]);
    const initial = await loadInitialState(config('a'), node);
    expect(initial.hardState).toEqual(BOOTSTRAP_HARD_STATE);
    expect(await node.stableStore.load()).toEqual(BOOTSTRAP_HARD_STATE);
  });

  it('loads a node that has run before as it is, without bootstrapping again', async () => {
    const node = stores();
    await loadInitialState(config('a'), node);
    await node.logStore.append([{ index: 2, term: 2, type: 'noop', data: new Uint8Array() }]);
    await node.stableStore.save({ term: 2, votedFor: 'a', commitIndex: 2 });
    const initial = await loadInitialState(config('a'), node);
    expect(initial.hardState).toEqual({ term: 2, votedFor: 'a', commitIndex: 2 });
    expect(initial.entries.map((entry) => entry.index)).toEqual([1, 2]);
  });

  it('wraps a failing store in a StorageError naming the operation', async () => {
    const node = stores();
    const failure = new Error('disk on fire');
    node.stableStore.load = async () => {
      throw failure;
    };
    const loading = loadInitialState(config('a'), node);
    await expect(loading).rejects.toBeInstanceOf(StorageError);
    await expect(loading).rejects.toMatchObject({
      operation: 'load hard state',
      cause: failure,
      fatal: true,
    });
  });

  it('refuses a compacted log that no snapshot covers', async () => {
    const node = stores();
    await node.logStore.append([
      { index: 5, term: 2, type: 'noop', data: new Uint8Array() },
      { index: 6, term: 2, type: 'noop', data: new Uint8Array() },
    ]);
    await expect(loadInitialState(config('a'), node)).rejects.toBeInstanceOf(StorageError);
  });

  it('restarts from the newest snapshot plus the log after it', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    await node.logStore.append([5, 6, 7, 8].map((index) => entry(index, 2)));
    await node.stableStore.save({ term: 3, votedFor: 'a', commitIndex: 4 });
    const initial = await loadInitialState(config('a'), node);
    expect(initial).toMatchObject({
      baseIndex: 6,
      baseTerm: 2,
      appliedIndex: 6,
      baseMembership: members,
      // Raised to the snapshot: it holds committed entries only.
      hardState: { term: 3, votedFor: 'a', commitIndex: 6 },
    });
    expect(initial.entries.map((stored) => stored.index)).toEqual([7, 8]);
    expect(node.stateMachine.applied).toEqual(['e1', 'e2', 'e3', 'e4', 'e5', 'e6']);
    expect(node.stateMachine.appliedIndexes).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('accepts a log compacted right up to the snapshot', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    await node.logStore.append([7, 8].map((index) => entry(index, 2)));
    const initial = await loadInitialState(config('a'), node);
    expect(initial.entries.map((stored) => stored.index)).toEqual([7, 8]);
  });

  it('ignores and clears a stored log that disagrees with the snapshot at its index', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 3);
    await node.logStore.append([5, 6, 7].map((index) => entry(index, 2)));
    const initial = await loadInitialState(config('a'), node);
    expect(initial.entries).toEqual([]);
    expect(initial.baseIndex).toBe(6);
    expect(await node.logStore.lastIndex()).toBe(0);
  });

  it('clears a stored log that ends before the snapshot', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    await node.logStore.append([1, 2, 3].map((index) => entry(index, 2)));
    const initial = await loadInitialState(config('a'), node);
    expect(initial.entries).toEqual([]);
    expect(await node.logStore.lastIndex()).toBe(0);
  });

  it('refuses a log that starts after the snapshot leaves a gap', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    await node.logStore.append([9, 10].map((index) => entry(index, 2)));
    await expect(loadInitialState(config('a'), node)).rejects.toBeInstanceOf(StorageError);
  });

  it('refuses to start when the newest snapshot cannot be restored', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    const failure = new Error('checksum mismatch');
    node.snapshotStore.open = async () => {
      throw failure;
    };
    await expect(loadInitialState(config('a'), node)).rejects.toMatchObject({
      code: 'ERR_RAFT_STORAGE',
      cause: failure,
    });
  });

  it('does not bootstrap an initial member that holds a snapshot', async () => {
    const node = stores();
    await storeSnapshot(node, 6, 2);
    const initial = await loadInitialState(config('a'), node);
    expect(initial.baseIndex).toBe(6);
    expect(await node.logStore.lastIndex()).toBe(0);
  });
});
