import type { AppliedEntry, StateMachine } from '@raft/core';
import { decodeKvCommand, type KvResult } from './kv-command.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Bytes per chunk of the snapshot stream: small, so a snapshot really streams in many pieces. */
const SNAPSHOT_STREAM_CHUNK_BYTES = 512;

/** What a {@link KvStateMachine} tells the simulation. */
export interface KvStateMachineHooks {
  /** After each entry is applied, with the digest of the applied history through it. */
  readonly onApply?: (entry: AppliedEntry, stateDigest: string) => void;
  /** After a restore from a snapshot: the last entry index its state reflects, and the history digest. */
  readonly onRestore?: (index: number, stateDigest: string) => void;
}

/**
 * The simulation's replicated state: string registers by key, driven by JSON {@link KvCommand}s.
 * Deterministic, and idempotent per command id (a command applied twice returns its first result),
 * as Raft's at-least-once forwarding requires of a real service.
 */
export class KvStateMachine implements StateMachine {
  private readonly values = new Map<string, string>();
  private readonly results = new Map<string, KvResult>();
  private lastIndex = 0;
  /** A hash chain over every entry applied (index, term, bytes): equal digests, equal histories. */
  private digest = INITIAL_DIGEST;

  constructor(private readonly hooks: KvStateMachineHooks = {}) {}

  apply(entry: AppliedEntry): KvResult {
    const command = decodeKvCommand(entry.data);
    this.lastIndex = entry.index;
    this.digest = chainDigest(this.digest, entry);
    this.hooks.onApply?.(entry, this.digest);
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

  /** The digest of the applied history (carried in snapshots). */
  stateDigest(): string {
    return this.digest;
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
        digest: this.digest,
      }),
    );
    // Captured now (the state is encoded above); streamed in small pieces, as a large state would be.
    return (async function* () {
      for (let offset = 0; offset < payload.byteLength; offset += SNAPSHOT_STREAM_CHUNK_BYTES) {
        yield payload.subarray(offset, offset + SNAPSHOT_STREAM_CHUNK_BYTES);
      }
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
      digest: string;
    };
    this.values.clear();
    this.results.clear();
    for (const [key, value] of state.values) this.values.set(key, value);
    for (const [id, result] of state.results) this.results.set(id, result);
    this.lastIndex = state.lastIndex;
    this.digest = state.digest;
    this.hooks.onRestore?.(state.lastIndex, state.digest);
  }
}

const INITIAL_DIGEST = '811c9dc5:01000193';

/** Extends the history digest with one entry: two FNV-1a 32-bit lanes with different offsets. */
function chainDigest(previous: string, entry: AppliedEntry): string {
  let a = Number.parseInt(previous.slice(0, 8), 16);
  let b = Number.parseInt(previous.slice(9), 16) ^ 0x5bd1e995;
  const mix = (byte: number) => {
    a = Math.imul(a ^ byte, 0x01000193) >>> 0;
    b = Math.imul(b ^ byte, 0x01000193 + 0x2000) >>> 0;
  };
  for (const number of [entry.index, entry.term]) {
    for (let shift = 0; shift < 48; shift += 8) mix(Math.floor(number / 2 ** shift) & 0xff);
  }
  for (const byte of entry.data) mix(byte);
  return `${a.toString(16).padStart(8, '0')}:${b.toString(16).padStart(8, '0')}`;
}
