import { describe, expect, it } from 'vitest';
import { FakeClock } from './fake-clock.js';

// The network tests lean on this clock, so its own behaviour is pinned down first.
describe('FakeClock', () => {
  it('runs due timers in due order, each at its due time, and leaves later ones pending', () => {
    const clock = new FakeClock();
    const log: string[] = [];
    clock.setTimeout(() => log.push(`b@${clock.now()}`), 5);
    clock.setTimeout(() => log.push(`a@${clock.now()}`), 2);
    clock.setTimeout(() => log.push(`c@${clock.now()}`), 9);
    clock.advance(6);
    expect(log).toEqual(['a@2', 'b@5']);
    expect(clock.now()).toBe(6);
    expect(clock.pendingTimers).toBe(1);
  });

  it('runs timers scheduled during advance when they fall inside the window', () => {
    const clock = new FakeClock();
    const log: number[] = [];
    clock.setTimeout(() => clock.setTimeout(() => log.push(clock.now()), 3), 1);
    clock.advance(4);
    expect(log).toEqual([4]);
  });

  it('breaks ties oldest first by default and newest first with lifo; clearTimeout cancels', () => {
    for (const [tieOrder, expected] of [
      ['fifo', [1, 2]],
      ['lifo', [2, 1]],
    ] as const) {
      const clock = new FakeClock(tieOrder);
      const log: number[] = [];
      clock.setTimeout(() => log.push(1), 3);
      clock.setTimeout(() => log.push(2), 3);
      clock.clearTimeout(clock.setTimeout(() => log.push(3), 3));
      clock.advance(3);
      expect(log).toEqual(expected);
    }
  });
});
