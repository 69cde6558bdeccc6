import type { AppliedEntry, StateMachine } from '@raft/core';
import { decodeKvCommand, type KvResult } from './kv-command.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * The simulation's replicated state: string registers by key, driven by JSON {@link KvCommand}s.
 * Deterministic, and idempotent per command id (a command applied twice returns its first result),
 * as Raft's at-least-once forwarding requires of a real service.
 */
export class KvStateMachine implements StateMachine {
  private readonly values = new Map<string, string>();
  private readonly results = new Map<string, KvResult>();
  private lastIndex = 0;

  constructor(
    /** Called after each entry is applied (the simulation records it for State Machine Safety). */
    private readonly onApply: (entry: AppliedEntry) => void = () => {},
  ) {}

  apply(entry: AppliedEntry): KvResult {
    const command = decodeKvCommand(entry.data);
    this.lastIndex = entry.index;
    this.onApply(entry);
    const known = this.results.get(command.id);
    if (known !== undefined) return known;
    const current = this.values.get(command.key);
    let result: KvResult;
    switch (command.op) {
      case 'get':
        result = { index: entry.index, term: entry.term, value: current ?? null };
        break;
      case 'put':
        this.values.set(command.key, command.value);
        result = { index: entry.index, term: entry.term };
        break;
      case 'delete':
        this.values.delete(command.key);
        result = { index: entry.index, term: entry.term };
        break;
      case 'cas': {
        const succeeded = (current ?? null) === command.expected;
        if (succeeded) this.values.set(command.key, command.value);
        result = { index: entry.index, term: entry.term, succeeded };
        break;
      }
    }
    this.results.set(command.id, result);
    return result;
  }

  /** The value of `key` now (reads after a `read()` barrier). */
  get(key: string): string | undefined {
    return this.values.get(key);
  }

  /** The last index applied here. */
  appliedIndex(): number {
    return this.lastIndex;
  }

  /** A canonical rendering of the whole state, for comparing replicas. */
  fingerprint(): string {
    return JSON.stringify([...this.values.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    const payload = encoder.encode(
      JSON.stringify({
        values: [...this.values.entries()],
        results: [...this.results.entries()],
        lastIndex: this.lastIndex,
      }),
    );
    return (async function* () {
      yield payload;
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const parts: Uint8Array[] = [];
    for await (const chunk of chunks) parts.push(chunk);
    const bytes = new Uint8Array(parts.reduce((total, part) => total + part.byteLength, 0));
    let offset = 0;
    for (const part of parts) {
      bytes.set(part, offset);
      offset += part.byteLength;
    }
    const state = JSON.parse(decoder.decode(bytes)) as {
      values: [string, string][];
      results: [string, KvResult][];
      lastIndex: number;
    };
    this.values.clear();
    this.results.clear();
    for (const [key, value] of state.values) this.values.set(key, value);
    for (const [id, result] of state.results) this.results.set(id, result);
    this.lastIndex = state.lastIndex;
  }
}
