import type { KvOperation } from '../linearizability/kv-operation.js';

/** Terse builders for hand-written histories in tests. `end` undefined: outcome unknown. */
export const op = {
  get: (
    clientId: string,
    key: string,
    value: string | undefined,
    start: number,
    end: number | undefined,
  ): KvOperation =>
    end === undefined
      ? { kind: 'get', clientId, key, invokedAt: start, completedAt: undefined }
      : { kind: 'get', clientId, key, invokedAt: start, completedAt: end, output: { value } },
  put: (
    clientId: string,
    key: string,
    value: string,
    start: number,
    end: number | undefined,
  ): KvOperation => ({
    kind: 'put',
    clientId,
    key,
    value,
    invokedAt: start,
    completedAt: end,
  }),
  delete: (clientId: string, key: string, start: number, end: number | undefined): KvOperation => ({
    kind: 'delete',
    clientId,
    key,
    invokedAt: start,
    completedAt: end,
  }),
  cas: (
    clientId: string,
    key: string,
    expected: string | undefined,
    value: string,
    succeeded: boolean,
    start: number,
    end: number | undefined,
  ): KvOperation =>
    end === undefined
      ? { kind: 'cas', clientId, key, expected, value, invokedAt: start, completedAt: undefined }
      : {
          kind: 'cas',
          clientId,
          key,
          expected,
          value,
          invokedAt: start,
          completedAt: end,
          output: { succeeded },
        },
};

/** A small seeded generator (mulberry32) so tests do not depend on anything else. */
export function testRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
