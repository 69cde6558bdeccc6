import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSeededRandom } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { type CrashTrialOptions, runCrashTrial } from './crash-trial.js';

/** Options of {@link crashSafetyConformance}. */
export interface CrashSafetyConformanceOptions
  extends Pick<CrashTrialOptions, 'writerScript' | 'cwd' | 'open'> {
  /** Kills per run. Default: `RAFT_CRASH_ITERATIONS` from the environment, else 12. */
  readonly iterations?: number;
  /** The seed of the first trial. Default: `RAFT_CRASH_SEED` from the environment, else time-based. */
  readonly baseSeed?: number;
  /** Steps in each trial's script (the writer is killed long before the end). Default 5,000. */
  readonly steps?: number;
}

/**
 * Registers a vitest case that runs {@link runCrashTrial} `iterations` times against a durable
 * LogStore and StableStore: SIGKILL the writer at a random moment during appends, truncations,
 * compactions and hard-state saves, reopen, and check that everything acknowledged is there and
 * nothing is torn or half-applied. Each trial gets a fresh temporary data directory; the kill
 * times derive from the base seed, which the log line prints (set `RAFT_CRASH_SEED` to replay).
 *
 * @example
 * crashSafetyConformance('sqlite', {
 *   writerScript: join(here, 'test-support', 'crash-writer.ts'),
 *   cwd: join(here, '..'),
 *   open: async (dataDir) => createSqliteStorage({ dataDir }),
 * });
 */
export function crashSafetyConformance(name: string, options: CrashSafetyConformanceOptions): void {
  const iterations = options.iterations ?? Number(process.env.RAFT_CRASH_ITERATIONS ?? 12);
  const baseSeed = options.baseSeed ?? Number(process.env.RAFT_CRASH_SEED ?? Date.now() % 1_000_000);
  const steps = options.steps ?? 5000;

  describe(`${name} crash safety (SIGKILLed writer)`, () => {
    it(
      `keeps every acknowledged write and no torn record across ${iterations} kills`,
      async () => {
        const random = createSeededRandom(baseSeed);
        const outcomes: string[] = [];
        for (let iteration = 0; iteration < iterations; iteration++) {
          const seed = baseSeed + iteration;
          const dataDir = await mkdtemp(join(tmpdir(), `raft-${name}-crash-`));
          try {
            const result = await runCrashTrial({
              writerScript: options.writerScript,
              cwd: options.cwd,
              dataDir,
              seed,
              steps,
              killAfterMs: 20 + Math.floor(random() * 400),
              open: options.open,
            });
            expect(result.killed, `seed ${seed}: the writer finished before the kill`).toBe(true);
            outcomes.push(`${result.acknowledged}${result.matched === 'in-flight' ? '+1' : ''}`);
          } finally {
            await rm(dataDir, { recursive: true, force: true });
          }
        }
        // Steps acknowledged before each kill ("+1": the step in flight had also landed).
        console.log(`crash trials (base seed ${baseSeed}): ${outcomes.join(' ')}`);
      },
      Math.max(180_000, iterations * 5_000),
    );
  });
}
