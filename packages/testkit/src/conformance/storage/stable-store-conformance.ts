import type { HardState, StableStore } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { plainHardState } from './fixtures.js';
import { type StoreFactory, type StoreSession, withStore } from './store-harness.js';

/** Options of {@link stableStoreConformance}. */
export interface StableStoreConformanceOptions {
  /** Per-case timeout, in milliseconds. Default 30,000. */
  readonly timeoutMs?: number;
}

/**
 * Defines the `StableStore` conformance cases (vitest `describe`/`it`) for the store `factory`
 * makes. Cases that restart the store are skipped with a note when the factory gives no `reopen`.
 */
export function stableStoreConformance(
  name: string,
  factory: StoreFactory<StableStore>,
  options: StableStoreConformanceOptions = {},
): void {
  const timeout = options.timeoutMs ?? 30_000;
  const run = (body: (session: StoreSession<StableStore>) => Promise<void>) => () => withStore(factory, body);
  const durable =
    (body: (session: StoreSession<StableStore>) => Promise<void>) =>
    (context: { skip: (note: string) => never }) =>
      withStore(factory, body, context);

  describe(`${name}: StableStore conformance`, () => {
    it(
      'loads undefined for a node that never saved',
      run(async ({ store }) => {
        expect(await store.load()).toBeUndefined();
      }),
      timeout,
    );

    it(
      'loads exactly what was saved, with and without a vote',
      run(async ({ store }) => {
        const voted: HardState = { term: 3, votedFor: 'node-b', commitIndex: 17 };
        await store.save(voted);
        expect(plainHardState(await store.load())).toEqual(voted);
        const notVoted: HardState = { term: 4, votedFor: undefined, commitIndex: 17 };
        await store.save(notVoted);
        const loaded = await store.load();
        expect(plainHardState(loaded)).toEqual(notVoted);
        expect(loaded?.votedFor).toBeUndefined();
      }),
      timeout,
    );

    it(
      'keeps only the latest of many saves',
      run(async ({ store }) => {
        for (let term = 1; term <= 200; term++) {
          await store.save({ term, votedFor: `node-${term % 3}`, commitIndex: term * 10 });
        }
        expect(plainHardState(await store.load())).toEqual({
          term: 200,
          votedFor: 'node-2',
          commitIndex: 2000,
        });
      }),
      timeout,
    );

    it(
      'keeps the largest safe term and commit index and unusual node ids',
      run(async ({ store }) => {
        const state: HardState = {
          term: Number.MAX_SAFE_INTEGER,
          votedFor: 'nœud-ü 🚀 "quoted" \\ with spaces',
          commitIndex: Number.MAX_SAFE_INTEGER - 1,
        };
        await store.save(state);
        expect(plainHardState(await store.load())).toEqual(state);
        await store.save({ term: 1, votedFor: '', commitIndex: 0 });
        expect(plainHardState(await store.load())).toEqual({ term: 1, votedFor: '', commitIndex: 0 });
      }),
      timeout,
    );

    it(
      'is not changed by mutating the object that was saved',
      run(async ({ store }) => {
        const state = { term: 5, votedFor: 'node-a' as string | undefined, commitIndex: 9 };
        await store.save(state);
        state.term = 99;
        state.votedFor = 'node-z';
        expect(plainHardState(await store.load())).toEqual({ term: 5, votedFor: 'node-a', commitIndex: 9 });
      }),
      timeout,
    );

    it(
      'is unusable after close, and closing twice is harmless',
      run(async ({ store }) => {
        await store.save({ term: 1, votedFor: undefined, commitIndex: 0 });
        await store.close();
        await store.close();
        await expect(store.load()).rejects.toThrow();
        await expect(store.save({ term: 2, votedFor: undefined, commitIndex: 0 })).rejects.toThrow();
      }),
      timeout,
    );

    describe('reopen and see everything acknowledged', () => {
      it(
        'still has no state after a restart when none was saved',
        durable(async (session) => {
          expect(await (await session.reopen()).load()).toBeUndefined();
        }),
        timeout,
      );

      it(
        'keeps the last saved state, vote included',
        durable(async (session) => {
          await session.store.save({ term: 7, votedFor: 'node-c', commitIndex: 3 });
          await session.store.save({ term: 8, votedFor: 'node-a', commitIndex: 5 });
          expect(plainHardState(await (await session.reopen()).load())).toEqual({
            term: 8,
            votedFor: 'node-a',
            commitIndex: 5,
          });
        }),
        timeout,
      );

      it(
        'keeps a cleared vote cleared',
        durable(async (session) => {
          await session.store.save({ term: 7, votedFor: 'node-c', commitIndex: 3 });
          await session.store.save({ term: 9, votedFor: undefined, commitIndex: 3 });
          const loaded = await (await session.reopen()).load();
          expect(plainHardState(loaded)).toEqual({ term: 9, votedFor: undefined, commitIndex: 3 });
          expect(loaded?.votedFor).toBeUndefined();
        }),
        timeout,
      );

      it(
        'survives several restarts with saves in between',
        durable(async (session) => {
          for (let term = 1; term <= 4; term++) {
            await session.store.save({ term, votedFor: `node-${term}`, commitIndex: term * 2 });
            const store = await session.reopen();
            expect(plainHardState(await store.load())).toEqual({
              term,
              votedFor: `node-${term}`,
              commitIndex: term * 2,
            });
          }
        }),
        timeout,
      );
    });
  });
}
