import type { KvOperation } from '@raft/testkit';
import { KvClient } from '../kv-client.js';

/** How a recorded workload runs. */
export interface WorkloadOptions {
  /** The nodes' API base URLs; each client picks one per request. */
  readonly urls: readonly string[];
  readonly clients: number;
  readonly keys: number;
  /** Stops issuing new requests once this resolves. */
  readonly until: Promise<void>;
  /** Called after every acknowledged put, with its key and value (for durability checks). */
  readonly onAcknowledgedPut?: (key: string, value: string) => void;
}

/**
 * Runs clients that put, get, delete and cas a few keys on random nodes until `until` resolves, and
 * records every operation that may have taken effect, in the form `checkKvLinearizability` takes:
 * an answered request with its result, an unanswered one (timeout, connection lost, 504) without a
 * completion time, and none of the requests the service refused (nothing happened).
 */
export async function runRecordedWorkload(options: WorkloadOptions): Promise<KvOperation[]> {
  const history: KvOperation[] = [];
  let stopped = false;
  void options.until.then(() => {
    stopped = true;
  });
  let sequence = 0;
  const runClient = async (clientId: string) => {
    while (!stopped) {
      const client = new KvClient(options.urls[Math.floor(Math.random() * options.urls.length)]!, 1500);
      const key = `k${Math.floor(Math.random() * options.keys)}`;
      const value = `${clientId}-${sequence++}`;
      const invokedAt = performance.now();
      const roll = Math.random();
      if (roll < 0.4) {
        const outcome = await client.put(key, value);
        if (outcome.kind === 'ok') options.onAcknowledgedPut?.(key, value);
        if (outcome.kind !== 'refused')
          history.push({ kind: 'put', clientId, key, value, invokedAt, completedAt: completedAt(outcome) });
      } else if (roll < 0.75) {
        const outcome = await client.get(key);
        if (outcome.kind === 'ok') {
          history.push({
            kind: 'get',
            clientId,
            key,
            invokedAt,
            completedAt: performance.now(),
            output: { value: outcome.body?.value },
          });
        }
      } else if (roll < 0.85) {
        const outcome = await client.delete(key);
        if (outcome.kind !== 'refused')
          history.push({ kind: 'delete', clientId, key, invokedAt, completedAt: completedAt(outcome) });
      } else {
        const expected = `${clientId}-${Math.max(0, sequence - 3)}`;
        const outcome = await client.cas(key, expected, value);
        if (outcome.kind === 'refused') continue;
        history.push({
          kind: 'cas',
          clientId,
          key,
          expected,
          value,
          invokedAt,
          completedAt: completedAt(outcome),
          ...(outcome.kind === 'ok' ? { output: { succeeded: outcome.body.succeeded } } : {}),
        });
      }
      if (!stopped) await new Promise((resolve) => setTimeout(resolve, 2 + Math.random() * 8));
    }
  };
  await Promise.all(Array.from({ length: options.clients }, (_, index) => runClient(`c${index}`)));
  return history;
}

function completedAt(outcome: { kind: string }): number | undefined {
  return outcome.kind === 'ok' ? performance.now() : undefined;
}
