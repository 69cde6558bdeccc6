import type { AppliedEntry, StateMachine } from '../../interfaces/state-machine.js';

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Encodes a test command. */
export function command(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A state machine for driver tests: remembers every applied command as text and answers each with
 * `{ index, text }`, so a test can check both what was applied and which result reached whom.
 * With `async: true` it answers with a promise, exercising the driver's asynchronous apply path.
 */
export class RecordingStateMachine implements StateMachine {
  readonly applied: string[] = [];
  readonly appliedIndexes: number[] = [];

  constructor(private readonly options: { readonly async?: boolean } = {}) {}

  apply(entry: AppliedEntry): unknown {
    const text = decoder.decode(entry.data);
    this.applied.push(text);
    this.appliedIndexes.push(entry.index);
    const result = { index: entry.index, text };
    return this.options.async === true ? Promise.resolve(result) : result;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    const bytes = encoder.encode(JSON.stringify(this.applied));
    return (async function* () {
      yield bytes;
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    let text = '';
    for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
    this.applied.length = 0;
    this.applied.push(...(JSON.parse(text) as string[]));
  }
}
