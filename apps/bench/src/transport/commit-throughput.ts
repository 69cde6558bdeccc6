// Benchmark (not a test): committed proposals/s and latency of a 3-node cluster over each transport.
// Run: pnpm bench:transport:commit   (or `pnpm bench:transport`, which also runs the 2-node table)
// Flags: --kinds memory,http,grpc  --rounds 3  --concurrency 256  --duration-ms 5000  --warmup-ms 1000  --payload-bytes 16
import { parseArgs } from 'node:util';
import { startBenchCluster } from '../bench-cluster.js';
import { runClosedLoop } from '../closed-loop.js';
import { formatTable } from '../format-table.js';
import type { LatencyHistogram } from '../latency-histogram.js';
import { isKind, type Kind, TransportMaker } from './transports.js';

export interface CommitOptions {
  readonly kinds: readonly Kind[];
  /** Rounds over every kind, interleaved; each kind reports its median round. */
  readonly rounds: number;
  readonly concurrency: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly payloadBytes: number;
}

interface CommitResult {
  readonly kind: Kind;
  readonly committed: number;
  readonly failed: number;
  readonly windowMs: number;
  readonly latency: LatencyHistogram;
}

/**
 * Starts a fresh cluster over `kind` and runs `concurrency` proposers against its leader, each
 * looping "propose, await, repeat" ({@link runClosedLoop}); failures count only inside the window.
 */
async function runCase(kind: Kind, options: CommitOptions): Promise<CommitResult> {
  const maker = new TransportMaker(kind);
  const cluster = await startBenchCluster(1, { listen: (id) => maker.listen(id), label: kind });
  try {
    const result = await runClosedLoop(cluster, options);
    return {
      kind,
      committed: result.committed,
      failed: result.failedInWindow,
      windowMs: result.windowMs,
      latency: result.latency,
    };
  } finally {
    await cluster.stop();
  }
}

const ms = (value: number): string =>
  Number.isNaN(value) ? '-' : value < 10 ? value.toFixed(2) : value.toFixed(1);

/** Runs every kind in turn and renders one table, with each transport's ratio to memory. */
export async function runCommitTable(options: CommitOptions): Promise<string> {
  // Rounds interleave the kinds (memory, http, grpc, memory, ...) so that a slow spell of the
  // machine does not land on one transport only; each kind then reports its median round.
  const rounds = new Map<Kind, CommitResult[]>(options.kinds.map((kind) => [kind, []]));
  for (let round = 1; round <= options.rounds; round++) {
    for (const kind of options.kinds) {
      process.stderr.write(`round ${round}/${options.rounds}: 3-node commit over ${kind}... `);
      const result = await runCase(kind, options);
      process.stderr.write(`${Math.round(rate(result))} proposals/s\n`);
      rounds.get(kind)!.push(result);
    }
  }
  const median = (results: CommitResult[]): CommitResult =>
    [...results].sort((a, b) => rate(a) - rate(b))[Math.floor((results.length - 1) / 2)]!;
  const results = options.kinds.map((kind) => median(rounds.get(kind)!));
  const memory = results.find((result) => result.kind === 'memory');
  const ratio = (value: number, base: number | undefined): string =>
    base === undefined || Number.isNaN(value) ? '-' : `${(value / base).toFixed(2)}×`;
  const thousands = (value: number): string => `${Math.round(value / 1000)}k`;
  const rows = results.map((result) => {
    const rates = rounds.get(result.kind)!.map(rate);
    return [
      result.kind,
      Math.round(rate(result)).toLocaleString('en-US'),
      `${thousands(Math.min(...rates))}–${thousands(Math.max(...rates))}`,
      ms(result.latency.percentile(50)),
      ms(result.latency.percentile(99)),
      ms(result.latency.max()),
      String(result.failed),
      ratio(rate(result), memory === undefined ? undefined : rate(memory)),
      ratio(result.latency.percentile(50), memory?.latency.percentile(50)),
      ratio(result.latency.percentile(99), memory?.latency.percentile(99)),
    ];
  });
  const header = [
    'transport',
    'proposals/s',
    'range',
    'p50 ms',
    'p99 ms',
    'max ms',
    'failed',
    'rate ÷ memory',
    'p50 ÷ memory',
    'p99 ÷ memory',
  ];
  return [
    `3 nodes in one process, memory stores, no-op state machine, ${options.payloadBytes}-byte proposals, ` +
      `${options.concurrency} concurrent proposers on the leader;`,
    `warm-up ${options.warmupMs} ms, then ${options.durationMs} ms measured, a fresh cluster per case; ` +
      'network transports on 127.0.0.1 with a cluster secret;',
    `${options.rounds} interleaved round(s) per transport: the median round (by proposals/s) is shown, ` +
      'with the range over all rounds',
    formatTable(header, rows),
  ].join('\n');
}

function rate(result: CommitResult): number {
  return result.committed / (result.windowMs / 1000);
}

export function parseCommitOptions(args: readonly string[]): CommitOptions {
  const { values } = parseArgs({
    options: {
      kinds: { type: 'string', default: 'memory,http,grpc,http+tls,grpc+tls' },
      rounds: { type: 'string', default: '3' },
      concurrency: { type: 'string', default: '256' },
      'duration-ms': { type: 'string', default: '5000' },
      'warmup-ms': { type: 'string', default: '1000' },
      'payload-bytes': { type: 'string', default: '16' },
    },
    // `pnpm bench -- --flag` passes a literal `--` through: drop it, or parseArgs would stop there.
    args: args.filter((arg) => arg !== '--'),
  });
  const integer = (flag: string, text: string, minimum: number): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < minimum)
      throw new Error(`--${flag} must be an integer >= ${minimum}`);
    return value;
  };
  const kinds = values.kinds.split(',').map((text) => text.trim());
  for (const kind of kinds) if (!isKind(kind)) throw new Error(`--kinds: unknown transport ${kind}`);
  return {
    kinds: kinds as Kind[],
    rounds: integer('rounds', values.rounds, 1),
    concurrency: integer('concurrency', values.concurrency, 1),
    durationMs: integer('duration-ms', values['duration-ms'], 1),
    warmupMs: integer('warmup-ms', values['warmup-ms'], 0),
    payloadBytes: integer('payload-bytes', values['payload-bytes'], 0),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`node ${process.version}`);
  console.log(await runCommitTable(parseCommitOptions(process.argv.slice(2))));
}
