#!/usr/bin/env node
/**
 * `pnpm sim`: runs many seeded whole-cluster simulations and reports the seeds and steps covered,
 * and every failing seed with its reproduction trace. Exits with status 1 if any seed failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runSimulation } from '../sim/run-simulation.js';
import { SimulationFailure } from '../sim/simulation-failure.js';
import { parseSimArguments, SIM_USAGE } from './sim-arguments.js';

async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseSimArguments>;
  try {
    args = parseSimArguments(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.error(message === SIM_USAGE ? message : `${message}\n\n${SIM_USAGE}`);
    return 2;
  }
  const started = performance.now();
  let steps = 0;
  let restores = 0;
  /** Seeds, steps and failures per mix, and the machine counts runs ended with. */
  const perMix = new Map<string, { seeds: number; steps: number; failed: number }>();
  const machineCounts = new Set<number>();
  const failures: { seed: number; faults: string; message: string }[] = [];
  for (let offset = 0; offset < args.seeds; offset++) {
    const seed = args.startSeed + offset;
    const faults = args.faults[offset % args.faults.length]!;
    const mix = perMix.get(faults) ?? { seeds: 0, steps: 0, failed: 0 };
    perMix.set(faults, mix);
    mix.seeds += 1;
    try {
      const result = await runSimulation({ seed, faults, nodes: args.nodes, durationMs: args.durationMs });
      steps += result.steps;
      mix.steps += result.steps;
      restores += result.snapshotRestores;
      machineCounts.add(result.nodes);
      if (args.verbose) {
        const injected = Object.entries(result.faults)
          .map(([kind, count]) => `${kind}×${count}`)
          .join(' ');
        console.log(
          `seed ${seed} [${faults}] ok: ${result.steps} steps, ${result.operations.completed} ops completed, ` +
            `${result.operations.unknown} unknown, applied ${result.finalAppliedIndex}, ` +
            `leader ${result.leaderAfterHealMs.toFixed(0)} ms after healing, ` +
            `preVote ${result.preVote}, checkQuorum ${result.checkQuorum}${injected === '' ? '' : `, faults ${injected}`}`,
        );
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push({ seed, faults, message });
      console.error(`seed ${seed} [${faults}] FAILED\n${message}\n`);
      saveFailure(seed, faults, message);
      mix.failed += 1;
      if (error instanceof SimulationFailure) {
        steps += error.step;
        mix.steps += error.step;
      }
      if (args.failFast) break;
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const last = args.startSeed + args.seeds - 1;
  console.log(
    `${args.seeds} seed(s) ${args.startSeed}..${last} [${args.faults.join(', ')}], ${args.nodes} nodes: ` +
      `${steps} steps in ${seconds} s; ${failures.length === 0 ? 'all passed' : `${failures.length} failed`}`,
  );
  const machines = [...machineCounts].sort((a, b) => a - b).join('/');
  console.log(
    `  ${args.nodes} initial members (${machines === '' ? '?' : machines} machines at the end, spares included); ` +
      `${restores} state machine restores from snapshots`,
  );
  if (perMix.size > 1) {
    for (const [name, mix] of perMix) {
      console.log(`  ${name}: ${mix.seeds} seeds, ${mix.steps} steps, ${mix.failed} failed`);
    }
  }
  for (const failure of failures) {
    console.log(
      `  failing seed ${failure.seed} (--faults ${failure.faults}): ${failure.message.split('\n')[1] ?? ''}`,
    );
  }
  return failures.length === 0 ? 0 : 1;
}

/** Keeps each failure's full report in `.sim-failures/` (git-ignored), for a bug report or a replay. */
function saveFailure(seed: number, faults: string, message: string): void {
  try {
    mkdirSync(FAILURES_DIRECTORY, { recursive: true });
    writeFileSync(join(FAILURES_DIRECTORY, `seed-${seed}-${faults}.txt`), `${message}\n`);
  } catch (error) {
    console.error(`could not save the failure report: ${String(error)}`);
  }
}

const FAILURES_DIRECTORY = '.sim-failures';

process.exitCode = await main(process.argv.slice(2));
