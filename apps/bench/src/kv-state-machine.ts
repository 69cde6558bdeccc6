import type { AppliedEntry, StateMachine } from '@raft/core';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A small key-value state machine for the catch-up benchmark: each entry writes its payload under
 * key `index % keySpace`, so the state stays bounded (a snapshot of it is the "equivalent state" of
 * a long log). Snapshots stream the map as newline-separated `key\tvalue` chunks.
 */
export class BenchKvStateMachine implements StateMachine {
  readonly values = new Map<number, string>();
  lastApplied = 0;

  constructor(private readonly keySpace: number) {}

  apply(entry: AppliedEntry): undefined {
    this.values.set(entry.index % this.keySpace, decoder.decode(entry.data));
    this.lastApplied = entry.index;
    return undefined;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    // Captured now (a copy), streamed later while entries keep being applied.
    const lines = [...this.values].map(([key, value]) => `${key}\t${value}\n`);
    return (async function* () {
      for (let start = 0; start < lines.length; start += 4096) {
        yield encoder.encode(lines.slice(start, start + 4096).join(''));
      }
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    this.values.clear();
    let pending = '';
    for await (const chunk of chunks) {
      pending += decoder.decode(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        const tab = line.indexOf('\t');
        this.values.set(Number(line.slice(0, tab)), line.slice(tab + 1));
      }
    }
  }

  /** A digest of the state, to check that two nodes converged. */
  digest(): string {
    let sum = 0;
    for (const [key, value] of this.values)
      sum = (sum + key * 31 + value.length * 7 + value.charCodeAt(0)) % 1e9;
    return `${this.values.size}:${sum}`;
  }
}
