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

  it('accepts a snapshot restore whose history digest matches what others applied', () => {
    const invariant = new StateMachineSafety();
    invariant.recordApplied({ nodeId: 'a', index: 5, term: 1, data: bytes('x'), stateDigest: 'd5' });
    expect(invariant.recordRestored({ nodeId: 'b', index: 5, stateDigest: 'd5' })).toBeUndefined();
    // A restore first, then an application through the same index, is compared too.
    expect(invariant.recordRestored({ nodeId: 'c', index: 9, stateDigest: 'd9' })).toBeUndefined();
    expect(
      invariant.recordApplied({ nodeId: 'a', index: 9, term: 1, data: bytes('z'), stateDigest: 'd9' }),
    ).toBeUndefined();
  });

  it('catches a snapshot whose state differs from the applied history at its index', () => {
    const invariant = new StateMachineSafety();
    invariant.recordApplied({ nodeId: 'a', index: 5, term: 1, data: bytes('x'), stateDigest: 'd5' });
    expect(invariant.recordRestored({ nodeId: 'b', index: 5, stateDigest: 'other' })).toMatchObject({
      invariant: 'State Machine Safety',
      message:
        "b's state restored from a snapshot through index 5 differs from the state a applied through it",
    });
    invariant.recordRestored({ nodeId: 'c', index: 7, stateDigest: 'd7' });
    expect(
      invariant.recordApplied({ nodeId: 'a', index: 7, term: 1, data: bytes('y'), stateDigest: 'x7' })
        ?.message,
    ).toBe("a's state applied through index 7 differs from the state c restored from a snapshot through it");
  });
});
