import { describe, expect, it } from 'vitest';
import { engineTicksFromConfig } from './engine-ticks.js';
import { defaultConfig } from './raft-config.js';
import { validateConfig } from './validate-config.js';

describe('engineTicksFromConfig', () => {
  it('divides the timeouts by the tick interval', () => {
    expect(engineTicksFromConfig(defaultConfig())).toEqual({ heartbeatTicks: 10, electionTicks: 100 });
  });

  it('rounds to the nearest tick', () => {
    const ticks = engineTicksFromConfig({
      tickIntervalMs: 10,
      heartbeatTimeoutMs: 34,
      electionTimeoutMs: 156,
    });
    expect(ticks).toEqual({ heartbeatTicks: 3, electionTicks: 16 });
  });

  it('never gives a heartbeat of less than one tick', () => {
    const ticks = engineTicksFromConfig({ tickIntervalMs: 10, heartbeatTimeoutMs: 1, electionTimeoutMs: 3 });
    expect(ticks.heartbeatTicks).toBe(1);
    expect(ticks.electionTicks).toBeGreaterThan(ticks.heartbeatTicks);
  });

  it('restores the election-to-heartbeat ratio that rounding eroded', () => {
    // 15 ms rounds up to 2 ticks and 45 ms to 5, under 3 × 2: the election timeout is raised to 6.
    const config = validateConfig({
      nodeId: 'n1',
      tickIntervalMs: 10,
      heartbeatTimeoutMs: 15,
      electionTimeoutMs: 45,
    });
    expect(engineTicksFromConfig(config)).toEqual({ heartbeatTicks: 2, electionTicks: 6 });
  });

  it('keeps electionTicks at least 3 × heartbeatTicks for every valid heartbeat/tick pair', () => {
    for (let heartbeatTimeoutMs = 10; heartbeatTimeoutMs <= 100; heartbeatTimeoutMs++) {
      const config = validateConfig({
        nodeId: 'n1',
        tickIntervalMs: 10,
        heartbeatTimeoutMs,
        electionTimeoutMs: 3 * heartbeatTimeoutMs,
      });
      const { heartbeatTicks, electionTicks } = engineTicksFromConfig(config);
      expect(heartbeatTicks).toBeGreaterThanOrEqual(1);
      expect(electionTicks).toBeGreaterThanOrEqual(3 * heartbeatTicks);
    }
  });
});
