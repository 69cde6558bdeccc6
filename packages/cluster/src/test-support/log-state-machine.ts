import type { AppliedEntry, StateMachine } from '@raft/core';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a command for {@link LogStateMachine}. */
export function command(text: string): Uint8Array {
  return encoder.encode(text);
}

/**
 * A trivial state machine for tests: it appends each command (a UTF-8 string) to a list and
 * answers with the list's length. Snapshots are real: one JSON chunk of the list.
 */
export class LogStateMachine implements StateMachine {
  readonly commands: string[] = [];

  apply(entry: AppliedEntry): number {
    this.commands.push(decoder.decode(entry.data));
    return this.commands.length;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    const bytes = encoder.encode(JSON.stringify(this.commands));
    return (async function* () {
      yield bytes;
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    let text = '';
    for await (const chunk of chunks) text += decoder.decode(chunk, { stream: true });
    this.commands.splice(0, this.commands.length, ...(JSON.parse(text + decoder.decode()) as string[]));
  }
}
