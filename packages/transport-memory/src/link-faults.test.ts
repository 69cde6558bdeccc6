import { isRaftError } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { InvalidFaultError } from './errors/invalid-fault-error.js';
import { type LinkFaults, resolveLinkFaults } from './link-faults.js';
import { createMemoryNetwork } from './memory-network.js';
import { FakeClock } from './test-support/fake-clock.js';

function rejection(faults: LinkFaults): InvalidFaultError {
  try {
    resolveLinkFaults(faults);
  } catch (error) {
    if (error instanceof InvalidFaultError) return error;
    throw error;
  }
  throw new Error(`accepted ${JSON.stringify(faults)}`);
}

describe('resolveLinkFaults', () => {
  it('fills in defaults: no loss, no delay, max = min, a reorder delay of at least 10 ms', () => {
    expect(resolveLinkFaults({})).toEqual({
      dropRate: 0,
      duplicateRate: 0,
      reorderRate: 0,
      minDelayMs: 0,
      maxDelayMs: 0,
      reorderDelayMs: 10,
    });
    expect(resolveLinkFaults({ minDelayMs: 4 })).toMatchObject({ minDelayMs: 4, maxDelayMs: 4 });
    expect(resolveLinkFaults({ maxDelayMs: 40 })).toMatchObject({ minDelayMs: 0, reorderDelayMs: 40 });
  });

  it('accepts the boundaries of every range', () => {
    expect(
      resolveLinkFaults({ dropRate: 1, duplicateRate: 0, reorderRate: 1, minDelayMs: 3, maxDelayMs: 3 }),
    ).toMatchObject({ dropRate: 1, reorderRate: 1, minDelayMs: 3, maxDelayMs: 3 });
  });

  it.each([
    [{ dropRate: -0.1 }, 'dropRate'],
    [{ dropRate: 1.5 }, 'dropRate'],
    [{ duplicateRate: Number.NaN }, 'duplicateRate'],
    [{ reorderRate: 2 }, 'reorderRate'],
    [{ minDelayMs: -1 }, 'minDelayMs'],
    [{ maxDelayMs: Number.POSITIVE_INFINITY }, 'maxDelayMs'],
    [{ minDelayMs: 10, maxDelayMs: 5 }, 'minDelayMs'],
    [{ reorderDelayMs: 0 }, 'reorderDelayMs'],
  ] as [LinkFaults, string][])('rejects %o, naming %s', (faults, field) => {
    const error = rejection(faults);
    expect(error.field).toBe(field);
    expect(error.message).toContain(field);
    expect(isRaftError(error, 'ERR_RAFT_INVALID_FAULT')).toBe(true);
  });
});

describe('invalid faults on a network', () => {
  it('are rejected by createMemoryNetwork and by setFaults, leaving the old rule in place', () => {
    const clock = new FakeClock();
    expect(() => createMemoryNetwork({ clock, random: Math.random, defaultFaults: { dropRate: 2 } })).toThrow(
      InvalidFaultError,
    );
    const network = createMemoryNetwork({ clock, random: Math.random });
    network.setFaults('a', 'b', { minDelayMs: 5 });
    expect(() => network.setFaults('a', 'b', { minDelayMs: 9, maxDelayMs: 1 })).toThrow(InvalidFaultError);
    // The old rule is still there: a message from a to b is still delayed by 5 ms (no timer at 0).
    const a = network.createTransport('a');
    a.send([{ type: 'timeout-now', from: 'a', to: 'b', term: 1 }]);
    expect(clock.pendingTimers).toBe(1);
  });
});
