import { describe, expect, it } from 'vitest';
import { StateMachineSafety } from './state-machine-safety.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('StateMachineSafety', () => {
  it('holds when every node applies the same entry at each index', () => {
    const invariant = new StateMachineSafety();
    expect(invariant.recordApplied({ nodeId: 'a', index: 2, term: 1, data: bytes('x') })).toBeUndefined();
    expect(invariant.recordApplied({ nodeId: 'b', index: 2, term: 1, data: bytes('x') })).toBeUndefined();
    expect(invariant.recordApplied({ nodeId: 'a', index: 2, term: 1, data: bytes('x') })).toBeUndefined();
  });

  it('catches a different entry applied at the same index', () => {
    const invariant = new StateMachineSafety();
    invariant.recordApplied({ nodeId: 'a', index: 2, term: 1, data: bytes('x') });
    expect(invariant.recordApplied({ nodeId: 'b', index: 2, term: 1, data: bytes('y') })).toMatchObject({
      invariant: 'State Machine Safety',
      message: 'a and b applied different entries at index 2',
    });
    expect(invariant.recordApplied({ nodeId: 'c', index: 2, term: 2, data: bytes('x') })?.message).toBe(
      'a and c applied different entries at index 2',
    );
  });

  it('keeps its own copy of the bytes', () => {
    const invariant = new StateMachineSafety();
    const data = bytes('x');
    invariant.recordApplied({ nodeId: 'a', index: 1, term: 1, data });
    data[0] = 0x79;
    expect(invariant.recordApplied({ nodeId: 'b', index: 1, term: 1, data: bytes('x') })).toBeUndefined();
  });
});
