import type { AppliedEntry, StateMachine } from '../../interfaces/state-machine.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Encodes a test command. */
export function command(text: string): Uint8Array {
  return encoder.encode(text);
}

/** Applied entries per snapshot chunk: small, so even a short test snapshot streams in several chunks. */
const ENTRIES_PER_SNAPSHOT_CHUNK = 4;

/**
 * A state machine for driver tests: remembers every applied command as text and answers each with
 * `{ index, text }`, so a test can check both what was applied and which result reached whom.
 * With `async: true` it answers with a promise, exercising the driver's asynchronous apply path.
 *
 * Snapshots are real: `snapshot` captures the applied entries synchronously and streams them as
 * JSON lines (`[index, text]`), a few entries per chunk; `restore` replaces the state with them.
 * A test can slow the stream down with `beforeSnapshotChunk` (awaited before each chunk).
 */
export class RecordingStateMachine implements StateMachine {
  readonly applied: string[] = [];
  readonly appliedIndexes: number[] = [];
  /** How many snapshots were taken (calls of `snapshot`). */
  snapshotsTaken = 0;
  /** Awaited before each snapshot chunk is yielded, to hold a snapshot stream back. */
  beforeSnapshotChunk: (() => Promise<void>) | undefined;

  constructor(private readonly options: { readonly async?: boolean } = {}) {}

  apply(entry: AppliedEntry): unknown {
    const text = decoder.decode(entry.data);
    this.applied.push(text);
    this.appliedIndexes.push(entry.index);
    const result = { index: entry.index, text };
    return this.options.async === true ? Promise.resolve(result) : result;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    this.snapshotsTaken += 1;
    // Captured now: entries applied while the stream is consumed must not leak into it.
    const lines = this.applied.map((text, k) => `${JSON.stringify([this.appliedIndexes[k], text])}\n`);
    const machine = this;
    return (async function* () {
      for (let start = 0; start < lines.length; start += ENTRIES_PER_SNAPSHOT_CHUNK) {
        await machine.beforeSnapshotChunk?.();
        yield encoder.encode(lines.slice(start, start + ENTRIES_PER_SNAPSHOT_CHUNK).join(''));
      }
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    let text = '';
    const streamDecoder = new TextDecoder();
    for await (const chunk of chunks) text += streamDecoder.decode(chunk, { stream: true });
    text += streamDecoder.decode();
    this.applied.length = 0;
    this.appliedIndexes.length = 0;
    for (const line of text.split('\n')) {
      if (line === '') continue;
      const [index, applied] = JSON.parse(line) as [number, string];
      this.appliedIndexes.push(index);
      this.applied.push(applied);
    }
  }
}
