import { describe, expect, it } from 'vitest';
import { StoreClosedError } from '../errors/store-closed-error.js';
import type { HardState } from '../types/hard-state.js';
import { createMemoryStableStore, MemoryStableStore } from './memory-stable-store.js';

describe('MemoryStableStore', () => {
  it('loads undefined before anything was saved', async () => {
    const store = createMemoryStableStore();
    expect(store).toBeInstanceOf(MemoryStableStore);
    expect(await store.load()).toBeUndefined();
  });

  it('loads the last saved state', async () => {
    const store = createMemoryStableStore();
    await store.save({ term: 1, votedFor: 'a', commitIndex: 0 });
    await store.save({ term: 3, votedFor: undefined, commitIndex: 7 });
    expect(await store.load()).toEqual({ term: 3, votedFor: undefined, commitIndex: 7 });
  });

  it('stores a copy: mutating the saved or loaded object changes nothing', async () => {
    const store = createMemoryStableStore();
    const saved = { term: 2, votedFor: 'b', commitIndex: 4 };
    await store.save(saved);
    saved.term = 99;
    const loaded = (await store.load()) as { -readonly [K in keyof HardState]: HardState[K] };
    expect(loaded.term).toBe(2);
    expect(() => {
      loaded.commitIndex = 100;
    }).toThrow(TypeError);
    expect((await store.load())?.commitIndex).toBe(4);
  });

  it('rejects with a StoreClosedError once closed', async () => {
    const store = createMemoryStableStore();
    await store.save({ term: 1, votedFor: undefined, commitIndex: 0 });
    await store.close();
    await store.close();
    await expect(store.load()).rejects.toBeInstanceOf(StoreClosedError);
    await expect(store.save({ term: 2, votedFor: undefined, commitIndex: 0 })).rejects.toThrow(
      'memory stable store is closed',
    );
  });
});
