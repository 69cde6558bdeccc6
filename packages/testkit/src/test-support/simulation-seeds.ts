import { expect, it } from 'vitest';
import type { FaultMixName } from '../sim/fault-mix.js';
import { runSimulation } from '../sim/run-simulation.js';
import type { SimulationOptions } from '../sim/simulation-options.js';

/** Virtual ms of faulty workload per seed in the test suite: short, so that hundreds of seeds fit in CI. */
export const TEST_DURATION_MS = 3000;

/**
 * Declares one test per seed: a whole simulation under `faults`, which must pass every check.
 * A failure message carries the seed and the trace.
 */
export function simulateSeeds(
  faults: FaultMixName,
  firstSeed: number,
  count: number,
  options: Partial<Omit<SimulationOptions, 'seed' | 'faults'>> = {},
): void {
  const seeds = Array.from({ length: count }, (_, offset) => firstSeed + offset);
  it.each(seeds)(`seed %i survives ${faults} faults`, { timeout: 60_000 }, async (seed) => {
    const result = await runSimulation({ seed, faults, durationMs: TEST_DURATION_MS, ...options });
    expect(result.steps).toBeGreaterThan(0);
  });
}
