import { describe, expect, it } from 'vitest';
import type { RaftConfig } from '../config/raft-config.js';
import { validateConfig } from '../config/validate-config.js';
import { StorageError } from '../errors/storage-error.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import { createMemoryStableStore } from '../memory/memory-stable-store.js';
import { decodeMembership } from '../types/membership.js';
import { BOOTSTRAP_HARD_STATE, bootstrapEntry, loadInitialState } from './bootstrap.js';

function config(nodeId: string, memberIds = ['a', 'b', 'c']): RaftConfig {
  return validateConfig({ nodeId, initialMembers: memberIds.map((id) => ({ id, address: `addr-${id}` })) });
}

function stores() {
  return {
    logStore: createMemoryLogStore(),
    stableStore: createMemoryStableStore(),
    snapshotStore: createMemorySnapshotStore(),
  };
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

  it('refuses a compacted log (snapshots are not supported yet)', async () => {
    const node = stores();
    await node.logStore.append([
      { index: 5, term: 2, type: 'noop', data: new Uint8Array() },
      { index: 6, term: 2, type: 'noop', data: new Uint8Array() },
    ]);
    await expect(loadInitialState(config('a'), node)).rejects.toBeInstanceOf(StorageError);
  });
});
