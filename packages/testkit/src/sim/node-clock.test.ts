import { describe, expect, it } from 'vitest';
import { NodeClock } from './node-clock.js';
import { VirtualClock } from './virtual-clock.js';

describe('NodeClock', () => {
  it('schedules on the shared virtual clock', async () => {
    const clock = new VirtualClock();
    const node = new NodeClock(clock);
    const fired: number[] = [];
    node.setTimeout(() => fired.push(node.now()), 5);
    const cancelled = node.setTimeout(() => fired.push(-1), 6);
    node.clearTimeout(cancelled);
    await clock.runUntil(10);
    expect(fired).toEqual([5]);
  });

  it('fires nothing after kill, including timers set later', async () => {
    const clock = new VirtualClock();
    const node = new NodeClock(clock);
    const fired: string[] = [];
    node.setTimeout(() => fired.push('before'), 5);
    node.kill();
    node.setTimeout(() => fired.push('after'), 1);
    await clock.runUntil(10);
    expect(fired).toEqual([]);
    expect(clock.pendingTimers()).toBe(0);
  });

  it('holds timers while paused and fires them, in order, on resume', async () => {
    const clock = new VirtualClock();
    const node = new NodeClock(clock);
    const fired: string[] = [];
    node.setTimeout(() => fired.push('a'), 5);
    node.setTimeout(() => fired.push('b'), 7);
    const dropped = node.setTimeout(() => fired.push('dropped'), 8);
    node.pause();
    await clock.runUntil(10);
    node.clearTimeout(dropped);
    expect(fired).toEqual([]);
    expect(node.isPaused()).toBe(true);
    node.resume();
    await clock.runUntil(10);
    expect(fired).toEqual(['a', 'b']);
  });
});
