import { describe, expect, it } from 'vitest';
import { VirtualClock } from './virtual-clock.js';

describe('VirtualClock', () => {
  it('starts at the given time and stands still until driven', async () => {
    const clock = new VirtualClock({ startMs: 50 });
    expect(clock.now()).toBe(50);
    await clock.settle();
    expect(clock.now()).toBe(50);
  });

  it('fires timers by due time, then by scheduling order', async () => {
    const clock = new VirtualClock();
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('b@20'), 20);
    clock.setTimeout(() => fired.push('a@10'), 10);
    clock.setTimeout(() => fired.push('c@20'), 20);
    clock.setTimeout(() => fired.push('d@0'), 0);
    await clock.runUntil(100);
    expect(fired).toEqual(['d@0', 'a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(100);
  });

  it('sets the time to each timer’s due time when it fires', async () => {
    const clock = new VirtualClock();
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), 7);
    clock.setTimeout(() => seen.push(clock.now()), 3);
    expect(await clock.step()).toBe(true);
    expect(await clock.step()).toBe(true);
    expect(await clock.step()).toBe(false);
    expect(seen).toEqual([3, 7]);
    expect(clock.now()).toBe(7);
  });

  it('does not fire cancelled timers', async () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const handle = clock.setTimeout(() => fired.push(1), 5);
    clock.setTimeout(() => fired.push(2), 6);
    expect(clock.pendingTimers()).toBe(2);
    clock.clearTimeout(handle);
    clock.clearTimeout(handle);
    clock.clearTimeout(undefined);
    expect(clock.pendingTimers()).toBe(1);
    expect(clock.nextDueMs()).toBe(6);
    await clock.runFor(10);
    expect(fired).toEqual([2]);
  });

  it('fires timers scheduled by timers within the same run', async () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    clock.setTimeout(() => {
      fired.push(clock.now());
      clock.setTimeout(() => fired.push(clock.now()), 5);
      clock.setTimeout(() => fired.push(clock.now()), 50);
    }, 10);
    await clock.runUntil(20);
    expect(fired).toEqual([10, 15]);
    expect(clock.nextDueMs()).toBe(60);
  });

  it('settles promise chains after each timer, before the next fires', async () => {
    const clock = new VirtualClock();
    const events: string[] = [];
    clock.setTimeout(() => {
      void Promise.resolve()
        .then(() => Promise.resolve())
        .then(() => events.push('chain settled'));
    }, 1);
    clock.setTimeout(() => events.push('second timer'), 1);
    await clock.runUntil(1);
    expect(events).toEqual(['chain settled', 'second timer']);
  });

  it('treats negative and NaN delays as zero', async () => {
    const clock = new VirtualClock({ startMs: 5 });
    const seen: number[] = [];
    clock.setTimeout(() => seen.push(clock.now()), -3);
    clock.setTimeout(() => seen.push(clock.now()), Number.NaN);
    await clock.runUntil(5);
    expect(seen).toEqual([5, 5]);
  });

  it('detects a timer that reschedules itself without delay', async () => {
    const clock = new VirtualClock({ maxTimersPerInstant: 100 });
    const again = () => {
      clock.setTimeout(again, 0);
    };
    clock.setTimeout(again, 0);
    await expect(clock.runUntil(1)).rejects.toThrow(/livelock/);
  });

  it('is deterministic across runs', async () => {
    const run = async () => {
      const clock = new VirtualClock();
      const order: number[] = [];
      for (let i = 0; i < 50; i++) clock.setTimeout(() => order.push(i), (i * 7919) % 13);
      await clock.runUntil(20);
      return order;
    };
    expect(await run()).toEqual(await run());
  });

  it('lets work started before a run schedule its timers first', async () => {
    const clock = new VirtualClock();
    const fired: number[] = [];
    const startWork = async () => {
      await Promise.resolve();
      clock.setTimeout(() => fired.push(clock.now()), 5);
    };
    void startWork();
    await clock.runUntil(10);
    expect(fired).toEqual([5]);
    void startWork();
    expect(await clock.step()).toBe(true);
    expect(fired).toEqual([5, 15]);
  });
});
