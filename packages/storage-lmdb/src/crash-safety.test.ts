import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '@raft/core';
import { runCrashTrial } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createLmdbStorage } from './index.js';

// SIGKILL a writer at random moments during appends, truncations, compactions and hard-state
// saves; reopen; everything acknowledged must be there, nothing torn or half-applied.
// RAFT_CRASH_ITERATIONS raises the count (`pnpm --filter @raft/storage-lmdb soak`);
// RAFT_CRASH_SEED replays one run.
const iterations = Number(process.env.RAFT_CRASH_ITERATIONS ?? 12);
const baseSeed = Number(process.env.RAFT_CRASH_SEED ?? Date.now() % 1_000_000);
const here = dirname(fileURLToPath(import.meta.url));

describe('lmdb crash safety (SIGKILLed writer)', () => {
  it(
    `keeps every acknowledged write and no torn record across ${iterations} kills`,
    async () => {
      const random = createSeededRandom(baseSeed);
      const outcomes: string[] = [];
      for (let iteration = 0; iteration < iterations; iteration++) {
        const seed = baseSeed + iteration;
        const dataDir = await mkdtemp(join(tmpdir(), 'raft-lmdb-crash-'));
        try {
          const result = await runCrashTrial({
            writerScript: join(here, 'test-support', 'crash-writer.ts'),
            cwd: join(here, '..'),
            dataDir,
            seed,
            steps: 5000,
            killAfterMs: 20 + Math.floor(random() * 400),
            open: async (directory) => createLmdbStorage({ dataDir: directory }),
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
