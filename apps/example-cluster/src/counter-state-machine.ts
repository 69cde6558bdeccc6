import { createHash } from 'node:crypto';
import type { AppliedEntry, StateMachine } from '@raft/core';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** A command for {@link CounterStateMachine}: add `amount` to the counter named `key`. */
export interface IncrementCommand {
  readonly key: string;
  readonly amount: number;
}

/** Encodes a command as the bytes of a log entry: `incr <key> <amount>`. */
export function encodeIncrement(command: IncrementCommand): Uint8Array {
  return encoder.encode(`incr ${command.key} ${command.amount}`);
}

/** Decodes the bytes of a log entry; returns `undefined` for bytes that are not a command. */
export function decodeIncrement(data: Uint8Array): IncrementCommand | undefined {
  const [verb, key, amountText] = decoder.decode(data).split(' ');
  const amount = Number(amountText);
  if (verb !== 'incr' || key === undefined || key === '' || !Number.isSafeInteger(amount)) return undefined;
  return { key, amount };
}

/**
 * A tiny replicated key-value store of named counters: the example's state machine.
 *
 * Deterministic, as a state machine must be: the same entries in the same order give the same
 * counters and the same {@link CounterStateMachine.digest} on every node.
 */
export class CounterStateMachine implements StateMachine {
  private readonly counters = new Map<string, number>();
  /** The index of the last entry applied (or restored from a snapshot). */
  lastAppliedIndex = 0;
  /** How many commands this instance applied (not counting state restored from a snapshot). */
  appliedCommands = 0;

  /** Applies `incr <key> <amount>`; resolves the proposal with the counter's new value. Ignores malformed commands. */
  apply(entry: AppliedEntry): number | undefined {
    this.lastAppliedIndex = entry.index;
    const command = decodeIncrement(entry.data);
    if (command === undefined) return undefined;
    const value = (this.counters.get(command.key) ?? 0) + command.amount;
    this.counters.set(command.key, value);
    this.appliedCommands += 1;
    return value;
  }

  /** The value of one counter (0 if it was never incremented). */
  get(key: string): number {
    return this.counters.get(key) ?? 0;
  }

  /** The sum of every counter. */
  total(): number {
    let sum = 0;
    for (const value of this.counters.values()) sum += value;
    return sum;
  }

  /** The number of counters. */
  size(): number {
    return this.counters.size;
  }

  /** A short, order-independent fingerprint of the counters: equal on nodes with equal state. */
  digest(): string {
    return createHash('sha256').update(this.serialize()).digest('hex').slice(0, 16);
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    const bytes = encoder.encode(this.serialize());
    return (async function* () {
      yield bytes;
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const entries = JSON.parse(decoder.decode(Buffer.concat(parts))) as [string, number][];
    this.counters.clear();
    for (const [key, value] of entries) this.counters.set(key, value);
  }

  /** The counters as JSON, sorted by key so that equal states serialize identically. */
  private serialize(): string {
    return JSON.stringify([...this.counters.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }
}
