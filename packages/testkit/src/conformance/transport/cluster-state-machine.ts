import type { AppliedEntry, StateMachine } from '@raft/core';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes the command `set key value` for {@link ClusterStateMachine}. */
export function setCommand(key: string, value: string): Uint8Array {
  return encoder.encode(JSON.stringify([key, value]));
}

/** Keys per snapshot chunk: small, so a test snapshot is written in several chunks. */
const KEYS_PER_SNAPSHOT_CHUNK = 16;

/**
 * The state machine of `transportClusterConformance`'s nodes: a string key-value store where each
 * entry sets one key, and `apply` answers with the value set. Snapshots are real: `snapshot`
 * captures the map when called and streams it as JSON lines; `restore` replaces the map with them.
 */
export class ClusterStateMachine implements StateMachine {
  readonly values = new Map<string, string>();

  apply(entry: AppliedEntry): string {
    const [key, value] = JSON.parse(decoder.decode(entry.data)) as [string, string];
    this.values.set(key, value);
    return value;
  }

  /** A canonical rendering of the whole state, for comparing replicas. */
  fingerprint(): string {
    return JSON.stringify([...this.values].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    // Captured now: entries applied while the stream is consumed must not leak into it.
    const lines = [...this.values].map((pair) => `${JSON.stringify(pair)}\n`);
    return (async function* () {
      for (let start = 0; start < lines.length; start += KEYS_PER_SNAPSHOT_CHUNK) {
        yield encoder.encode(lines.slice(start, start + KEYS_PER_SNAPSHOT_CHUNK).join(''));
      }
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const streamDecoder = new TextDecoder();
    let text = '';
    for await (const chunk of chunks) text += streamDecoder.decode(chunk, { stream: true });
    text += streamDecoder.decode();
    this.values.clear();
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [key, value] = JSON.parse(line) as [string, string];
      this.values.set(key, value);
    }
  }
}
