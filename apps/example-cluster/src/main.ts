/**
 * `pnpm start`: runs a 3-node Raft cluster in this process and prints each node's state.
 * Exits 0 when every node agrees, 1 when they disagree or the run fails.
 *
 * Flags: --commands N (default 300), --concurrency N (default 16), --seed N (default 1).
 */
import { parseArgs } from 'node:util';
import { defaultExampleClusterOptions, formatReport, runExampleCluster } from './cluster.js';

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 1) throw new Error(`--${flag} must be a positive integer`);
  return value;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    // `pnpm start -- --flag` passes a literal `--` through: drop it, or parseArgs would stop there.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      commands: { type: 'string' },
      concurrency: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const result = await runExampleCluster({
    commands: positiveInteger('commands', values.commands, defaultExampleClusterOptions.commands),
    concurrency: positiveInteger('concurrency', values.concurrency, defaultExampleClusterOptions.concurrency),
    seed: positiveInteger('seed', values.seed, defaultExampleClusterOptions.seed),
  });
  console.log('');
  console.log(formatReport(result.nodes));
  console.log('');
  if (result.agreed) {
    console.log(
      `OK: all ${result.nodes.length} nodes applied index ${result.nodes[0]?.appliedIndex} with digest ` +
        `${result.nodes[0]?.digest} (${result.acknowledged} commands acknowledged, ${result.elapsedMs} ms)`,
    );
    return 0;
  }
  console.error('FAILED: the nodes disagree (or a read missed an acknowledged write)');
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('FAILED:', error);
    process.exit(1);
  },
);
