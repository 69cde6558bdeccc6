import type { AppliedEntry, StateMachine } from '@raft/core';
import { decodeKvCommand } from './kv-command.js';

/** A stored value and the log index of the write that set it (its revision). */
export interface KvEntry {
  readonly value: string;
  readonly revision: number;
}

/** What applying a command returns to the proposer. */
export type KvResult =
  | { readonly op: 'put'; readonly revision: number }
  | { readonly op: 'delete'; readonly deleted: boolean; readonly revision: number }
  | {
      readonly op: 'cas';
      readonly succeeded: boolean;
      readonly current: KvEntry | null;
      readonly revision: number;
    }
  | { readonly op: 'invalid'; readonly reason: string; readonly revision: number };

const encoder = new TextEncoder();
const decoder = new TextDecoder();
/** Snapshot chunks are cut at about this many bytes. */
const CHUNK_BYTES = 64 * 1024;

/**
 * The key-value state machine: a map from key to value and revision. Deterministic (the result
 * depends only on the state and the entry), so every node computes the same state and results.
 *
 * Snapshots are newline-separated JSON records `[key, value, revision]`, preceded by a header
 * record carrying the applied index; `snapshot()` copies the map's entries when called (the driver
 * keeps applying while the stream is written), which costs one array of references.
 */
export class KvStateMachine implements StateMachine {
  private readonly entries = new Map<string, KvEntry>();

  /** The current entry for `key`, as of the last applied index. */
  get(key: string): KvEntry | undefined {
    return this.entries.get(key);
  }

  get size(): number {
    return this.entries.size;
  }

  apply(entry: AppliedEntry): KvResult {
    const revision = entry.index;
    const command = decodeKvCommand(entry.data);
    if (typeof command === 'string') return { op: 'invalid', reason: command, revision };
    switch (command.op) {
      case 'put':
        this.entries.set(command.key, { value: command.value, revision });
        return { op: 'put', revision };
      case 'delete':
        return { op: 'delete', deleted: this.entries.delete(command.key), revision };
      case 'cas': {
        const current = this.entries.get(command.key) ?? null;
        if ((current?.value ?? null) !== command.expected) {
          return { op: 'cas', succeeded: false, current, revision };
        }
        if (command.value === null) this.entries.delete(command.key);
        else this.entries.set(command.key, { value: command.value, revision });
        return { op: 'cas', succeeded: true, current: this.entries.get(command.key) ?? null, revision };
      }
    }
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    const records = [...this.entries];
    const header = JSON.stringify({ format: 'kv-demo/1', count: records.length });
    return (async function* () {
      let chunk = `${header}\n`;
      for (const [key, entry] of records) {
        chunk += `${JSON.stringify([key, entry.value, entry.revision])}\n`;
        if (chunk.length >= CHUNK_BYTES) {
          yield encoder.encode(chunk);
          chunk = '';
        }
      }
      if (chunk.length > 0) yield encoder.encode(chunk);
    })();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const restored = new Map<string, KvEntry>();
    const state: { header: SnapshotHeader | undefined } = { header: undefined };
    const take = (line: string) => {
      if (state.header === undefined) {
        state.header = parseHeader(line);
        return;
      }
      const [key, value, revision] = JSON.parse(line) as [string, string, number];
      restored.set(key, { value, revision });
    };
    let pending = '';
    for await (const chunk of chunks) {
      pending += decoder.decode(chunk, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) take(line);
    }
    if (pending.length > 0) take(pending);
    if (state.header?.count !== restored.size) {
      throw new Error(
        `snapshot holds ${restored.size} records, its header says ${String(state.header?.count)}`,
      );
    }
    // Only a complete, consistent snapshot replaces the state.
    this.entries.clear();
    for (const [key, entry] of restored) this.entries.set(key, entry);
  }
}

interface SnapshotHeader {
  readonly format: 'kv-demo/1';
  readonly count: number;
}

function parseHeader(line: string): SnapshotHeader {
  const header = JSON.parse(line) as { format?: unknown; count?: unknown };
  if (header.format !== 'kv-demo/1')
    throw new Error(`unknown snapshot format ${JSON.stringify(header.format)}`);
  if (typeof header.count !== 'number') throw new Error('the snapshot header has no record count');
  return { format: header.format, count: header.count };
}
