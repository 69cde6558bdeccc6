import { describe, expect, it } from 'vitest';
import { decodeKvCommand, encodeKvCommand, type KvCommand } from './kv-command.js';
import { KvStateMachine } from './kv-state-machine.js';

const entry = (index: number, command: KvCommand) => ({ index, term: 1, data: encodeKvCommand(command) });

describe('KV commands', () => {
  it('round-trip through bytes', () => {
    const commands: KvCommand[] = [
      { op: 'get', id: 'a', key: 'k' },
      { op: 'put', id: 'b', key: 'k', value: 'v' },
      { op: 'delete', id: 'c', key: 'k' },
      { op: 'cas', id: 'd', key: 'k', expected: null, value: 'v' },
    ];
    for (const command of commands) expect(decodeKvCommand(encodeKvCommand(command))).toEqual(command);
  });

  it('refuse malformed bytes', () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(() => decodeKvCommand(bytes('[]'))).toThrow(TypeError);
    expect(() => decodeKvCommand(bytes('{"op":"put","id":"a","key":"k"}'))).toThrow(/value/);
    expect(() => decodeKvCommand(bytes('{"op":"zap","id":"a","key":"k"}'))).toThrow(/unknown op/);
  });
});

describe('KvStateMachine', () => {
  it('applies register commands and reports where they applied', () => {
    const applied: number[] = [];
    const machine = new KvStateMachine({ onApply: (applying) => applied.push(applying.index) });
    expect(machine.apply(entry(1, { op: 'get', id: '1', key: 'x' }))).toEqual({
      index: 1,
      term: 1,
      value: null,
    });
    expect(machine.apply(entry(2, { op: 'put', id: '2', key: 'x', value: 'a' }))).toEqual({
      index: 2,
      term: 1,
    });
    expect(
      machine.apply(entry(3, { op: 'cas', id: '3', key: 'x', expected: 'a', value: 'b' })),
    ).toMatchObject({
      succeeded: true,
    });
    expect(
      machine.apply(entry(4, { op: 'cas', id: '4', key: 'x', expected: 'a', value: 'c' })),
    ).toMatchObject({
      succeeded: false,
    });
    expect(machine.get('x')).toBe('b');
    machine.apply(entry(5, { op: 'delete', id: '5', key: 'x' }));
    expect(machine.get('x')).toBeUndefined();
    expect(
      machine.apply(entry(6, { op: 'cas', id: '6', key: 'x', expected: null, value: 'd' })),
    ).toMatchObject({
      succeeded: true,
    });
    expect(applied).toEqual([1, 2, 3, 4, 5, 6]);
    expect(machine.appliedIndex()).toBe(6);
  });

  it('applies a duplicated command once and returns its first result', () => {
    const machine = new KvStateMachine();
    machine.apply(entry(1, { op: 'put', id: 'p', key: 'x', value: 'a' }));
    machine.apply(entry(2, { op: 'put', id: 'q', key: 'x', value: 'b' }));
    expect(machine.apply(entry(3, { op: 'put', id: 'p', key: 'x', value: 'a' }))).toEqual({
      index: 1,
      term: 1,
    });
    expect(machine.get('x')).toBe('b');
  });

  it('snapshots and restores its whole state', async () => {
    const machine = new KvStateMachine();
    machine.apply(entry(1, { op: 'put', id: 'p', key: 'x', value: 'a' }));
    machine.apply(entry(2, { op: 'put', id: 'q', key: 'y', value: 'b' }));
    const copy = new KvStateMachine();
    await copy.restore(await machine.snapshot());
    expect(copy.fingerprint()).toBe(machine.fingerprint());
    expect(copy.appliedIndex()).toBe(2);
    // The dedup table came along too.
    expect(copy.apply(entry(3, { op: 'put', id: 'p', key: 'x', value: 'a' }))).toEqual({ index: 1, term: 1 });
  });

  it('streams a large snapshot in several chunks and reports the restored history digest', async () => {
    const machine = new KvStateMachine();
    for (let index = 1; index <= 40; index++) {
      machine.apply(
        entry(index, { op: 'put', id: `p${index}`, key: `k${index % 5}`, value: 'v'.repeat(20) }),
      );
    }
    const chunks: Uint8Array[] = [];
    for await (const chunk of await machine.snapshot()) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    const restored: [number, string][] = [];
    const copy = new KvStateMachine({ onRestore: (index, digest) => restored.push([index, digest]) });
    await copy.restore(
      (async function* () {
        yield* chunks;
      })(),
    );
    expect(restored).toEqual([[40, machine.stateDigest()]]);
    expect(copy.fingerprint()).toBe(machine.fingerprint());
  });

  it('digests the applied history: same entries, same digest; any difference changes it', () => {
    const a = new KvStateMachine();
    const b = new KvStateMachine();
    const c = new KvStateMachine();
    a.apply(entry(1, { op: 'put', id: '1', key: 'x', value: '1' }));
    b.apply(entry(1, { op: 'put', id: '1', key: 'x', value: '1' }));
    c.apply(entry(1, { op: 'put', id: '1', key: 'x', value: '2' }));
    expect(a.stateDigest()).toBe(b.stateDigest());
    expect(c.stateDigest()).not.toBe(a.stateDigest());
  });

  it('fingerprints independently of insertion order', () => {
    const a = new KvStateMachine();
    const b = new KvStateMachine();
    a.apply(entry(1, { op: 'put', id: '1', key: 'x', value: '1' }));
    a.apply(entry(2, { op: 'put', id: '2', key: 'y', value: '2' }));
    b.apply(entry(1, { op: 'put', id: '3', key: 'y', value: '2' }));
    b.apply(entry(2, { op: 'put', id: '4', key: 'x', value: '1' }));
    expect(a.fingerprint()).toBe(b.fingerprint());
  });
});
