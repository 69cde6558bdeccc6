import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_DELAY_MS, systemClock } from './system-clock.js';

describe('systemClock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads time from performance.now()', () => {
    vi.useFakeTimers({ toFake: ['performance'], now: 0 });
    const start = systemClock.now();
    vi.advanceTimersByTime(250);
    expect(systemClock.now() - start).toBe(250);
  });

  it('never goes backwards between real reads', () => {
    let previous = systemClock.now();
    for (let read = 0; read < 1000; read++) {
      const current = systemClock.now();
      expect(current).toBeGreaterThanOrEqual(previous);
      previous = current;
    }
  });

  it('runs a callback once after its delay', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const callback = vi.fn();
    systemClock.setTimeout(callback, 100);
    vi.advanceTimersByTime(99);
    expect(callback).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(callback).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1000);
    expect(callback).toHaveBeenCalledTimes(1);
  });

  it('cancels a callback with clearTimeout', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const callback = vi.fn();
    const handle = systemClock.setTimeout(callback, 100);
    systemClock.clearTimeout(handle);
    vi.advanceTimersByTime(1000);
    expect(callback).not.toHaveBeenCalled();
  });

  it('clamps negative, NaN and overlong delays instead of letting Node fire them after 1 ms', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const soon = vi.fn();
    const never = vi.fn();
    systemClock.setTimeout(soon, -5);
    systemClock.setTimeout(soon, Number.NaN);
    systemClock.setTimeout(never, Number.POSITIVE_INFINITY);
    vi.advanceTimersByTime(0);
    expect(soon).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(MAX_TIMER_DELAY_MS - 1);
    expect(never).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(never).toHaveBeenCalledTimes(1);
  });

  it('creates real timers that keep the process alive until cleared', () => {
    const handle = systemClock.setTimeout(() => {}, 60_000) as NodeJS.Timeout;
    try {
      expect(handle.hasRef()).toBe(true);
    } finally {
      systemClock.clearTimeout(handle);
    }
  });
});
