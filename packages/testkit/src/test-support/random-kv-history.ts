import type { KvOperation } from '../linearizability/kv-operation.js';

/** Shape of a generated history. */
export interface RandomHistoryOptions {
  readonly operations: number;
  readonly keys: number;
  readonly clients: number;
  /** Fraction of operations whose outcome is unknown. */
  readonly unknownRate: number;
  /** Maximum distance of invocation/completion from the linearization point (points are 10 apart). */
  readonly spread: number;
}

/**
 * Runs a random workload against a sequential register per key and records it with random
 * overlapping windows around each operation's linearization point: linearizable by construction.
 * Half of the unknown-outcome writes never take effect at all.
 */
export function randomLinearizableHistory(
  random: () => number,
  options: RandomHistoryOptions,
): KvOperation[] {
  const state = new Map<string, string | undefined>();
  const history: KvOperation[] = [];
  const pick = (n: number) => Math.floor(random() * n);
  for (let i = 0; i < options.operations; i++) {
    const point = 10 * (i + 1);
    const key = `k${pick(options.keys)}`;
    const clientId = `c${pick(options.clients)}`;
    const invokedAt = point - pick(options.spread);
    const unknown = random() < options.unknownRate;
    const completedAt = unknown ? undefined : point + pick(options.spread);
    const takesEffect = !unknown || random() < 0.5;
    const current = state.get(key);
    const roll = random();
    const base = { clientId, key, invokedAt, completedAt };
    if (roll < 0.4) {
      history.push(unknown ? { kind: 'get', ...base } : { kind: 'get', ...base, output: { value: current } });
    } else if (roll < 0.7) {
      const value = `v${i}`;
      if (takesEffect) state.set(key, value);
      history.push({ kind: 'put', ...base, value });
    } else if (roll < 0.8) {
      if (takesEffect) state.set(key, undefined);
      history.push({ kind: 'delete', ...base });
    } else {
      const expected = random() < 0.6 ? current : `v${pick(i + 1)}`;
      const value = `v${i}`;
      const succeeded = expected === current;
      if (takesEffect && succeeded) state.set(key, value);
      history.push(
        unknown
          ? { kind: 'cas', ...base, expected, value }
          : { kind: 'cas', ...base, expected, value, output: { succeeded } },
      );
    }
  }
  return history;
}
