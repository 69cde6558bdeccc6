import type { AppliedEntry } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { encodeKvCommand, type KvCommand } from './kv-command.js';
import { KvStateMachine } from './kv-state-machine.js';

let nextIndex = 1;
function entry(command: KvCommand | Uint8Array): AppliedEntry {
  const data = command instanceof Uint8Array ? command : encodeKvCommand(command);
  return { index: nextIndex++, term: 1, data };
}

async function* chunks(parts: string[]): AsyncIterable<Uint8Array> {
  for (const part of parts) yield new TextEncoder().encode(part);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const collected: Uint8Array[] = [];
  for await (const chunk of stream) collected.push(chunk);
  return collected;
}

describe('KvStateMachine', () => {
  it('applies put, delete and cas with revisions, deterministically', () => {
    const store = new KvStateMachine();
    const put = store.apply(entry({ op: 'put', key: 'k', value: 'v1' }));
    expect(store.get('k')).toEqual({ value: 'v1', revision: put.revision });
    expect(store.apply(entry({ op: 'cas', key: 'k', expected: 'nope', value: 'v2' }))).toMatchObject({
      succeeded: false,
      current: { value: 'v1' },
    });
    expect(store.apply(entry({ op: 'cas', key: 'k', expected: 'v1', value: 'v2' }))).toMatchObject({
      succeeded: true,
    });
    expect(store.apply(entry({ op: 'delete', key: 'k' }))).toMatchObject({ deleted: true });
    expect(store.get('k')).toBeUndefined();
  });

  it('answers a corrupt or foreign entry with an invalid result instead of throwing', () => {
    const store = new KvStateMachine();
    expect(store.apply(entry(new Uint8Array([0xff, 0xfe])))).toMatchObject({ op: 'invalid' });
    expect(store.apply(entry(new TextEncoder().encode('{"op":"rm","key":"k"}')))).toMatchObject({
      op: 'invalid',
      reason: 'unknown op "rm"',
    });
    expect(store.apply(entry(new TextEncoder().encode('{"op":"put","key":""}')))).toMatchObject({
      op: 'invalid',
    });
    expect(store.size).toBe(0);
  });

  it('snapshots in chunks and restores the same state, values with newlines included', async () => {
    const store = new KvStateMachine();
    for (let k = 0; k < 3000; k++)
      store.apply(entry({ op: 'put', key: `key-${k}`, value: `line one\nline ${k}` }));
    const snapshot = await collect(await store.snapshot());
    expect(snapshot.length).toBeGreaterThan(1);
    // Writes after the snapshot was taken are not in it.
    store.apply(entry({ op: 'put', key: 'later', value: 'x' }));
    const restored = new KvStateMachine();
    await restored.restore(
      (async function* () {
        yield* snapshot;
      })(),
    );
    expect(restored.size).toBe(3000);
    expect(restored.get('key-2999')).toEqual(store.get('key-2999'));
    expect(restored.get('later')).toBeUndefined();
  });

  it('refuses a truncated or foreign snapshot and keeps its state', async () => {
    const store = new KvStateMachine();
    store.apply(entry({ op: 'put', key: 'kept', value: 'yes' }));
    const header = '{"format":"kv-demo/1","count":2}\n';
    await expect(store.restore(chunks([header, '["a","1",1]\n']))).rejects.toThrow(/header says 2/);
    await expect(store.restore(chunks(['{"format":"other"}\n']))).rejects.toThrow(/unknown snapshot format/);
    expect(store.get('kept')).toMatchObject({ value: 'yes' });
  });
});
