import { describe, expect, it } from 'vitest';
import { testRandom } from '../test-support/kv-history-builders.js';
import { randomLinearizableHistory } from '../test-support/random-kv-history.js';
import { checkKvLinearizability } from './check-linearizability.js';
import type { KvOperation } from './kv-operation.js';

describe('checkKvLinearizability on generated histories', () => {
  it('accepts every history produced by a sequential register with overlapping windows', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const history = randomLinearizableHistory(testRandom(seed), {
        operations: 60,
        keys: 3,
        clients: 4,
        unknownRate: 0.1,
        spread: 25,
      });
      const result = checkKvLinearizability(history);
      expect(result, `seed ${seed}`).toEqual({ ok: true });
    }
  });

  it('handles a few thousand operations on one key quickly', () => {
    const history = randomLinearizableHistory(testRandom(7), {
      operations: 4000,
      keys: 1,
      clients: 5,
      unknownRate: 0.02,
      spread: 30,
    });
    const started = performance.now();
    expect(checkKvLinearizability(history)).toEqual({ ok: true });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('rejects each history once a completed read returns a value never written', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const history = randomLinearizableHistory(testRandom(seed), {
        operations: 60,
        keys: 2,
        clients: 4,
        unknownRate: 0.1,
        spread: 25,
      });
      const index = history.findIndex(
        (operation) => operation.kind === 'get' && operation.completedAt !== undefined,
      );
      if (index < 0) continue;
      const target = history[index] as Extract<KvOperation, { kind: 'get' }>;
      const mutated = history.slice();
      mutated[index] = { ...target, output: { value: 'never-written' } };
      const result = checkKvLinearizability(mutated);
      expect(result, `seed ${seed}`).toMatchObject({ ok: false, key: target.key, inconclusive: false });
    }
  });

  it('rejects each history once a CAS claims success against a value never written', () => {
    for (let seed = 1; seed <= 100; seed++) {
      const history = randomLinearizableHistory(testRandom(seed), {
        operations: 60,
        keys: 2,
        clients: 4,
        unknownRate: 0.1,
        spread: 25,
      });
      const last = history[history.length - 1]!;
      const mutated: KvOperation[] = [
        ...history,
        {
          kind: 'cas',
          clientId: 'cx',
          key: 'k0',
          expected: 'never-written',
          value: 'x',
          invokedAt: last.invokedAt + 1000,
          completedAt: last.invokedAt + 1001,
          output: { succeeded: true },
        },
      ];
      expect(checkKvLinearizability(mutated), `seed ${seed}`).toMatchObject({ ok: false, key: 'k0' });
    }
  });

  it('rejects each history once a read is moved after a later write it did not see', () => {
    // Construct a stale read: after the whole history, write a fresh value, then read the old one.
    for (let seed = 1; seed <= 100; seed++) {
      const history = randomLinearizableHistory(testRandom(seed), {
        operations: 40,
        keys: 1,
        clients: 3,
        unknownRate: 0,
        spread: 25,
      });
      const end = 10_000;
      const stale: KvOperation[] = [
        ...history,
        { kind: 'put', clientId: 'cx', key: 'k0', value: 'old', invokedAt: end, completedAt: end + 1 },
        { kind: 'put', clientId: 'cx', key: 'k0', value: 'new', invokedAt: end + 2, completedAt: end + 3 },
        {
          kind: 'get',
          clientId: 'cy',
          key: 'k0',
          invokedAt: end + 4,
          completedAt: end + 5,
          output: { value: 'old' },
        },
      ];
      expect(checkKvLinearizability(stale), `seed ${seed}`).toMatchObject({ ok: false, key: 'k0' });
    }
  });
});
