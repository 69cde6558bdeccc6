/**
 * `pnpm bench`: committed proposals per second and proposal latency of a 3-node cluster in one
 * process (memory transport, memory stores, no-op state machine, 16-byte proposals).
 *
 * For each concurrency level, a fresh cluster is started and that many proposers each loop
 * "propose on the leader, await the result, repeat". After a warm-up, proposals that complete
 * within the measurement window are counted and their latency recorded. Process CPU time per
 * committed proposal shows the cost of one proposal across all three nodes (they share this
 * process, hence one core).
 *
 * With `--store sqlite` each node keeps its log and hard state in its own SQLite database
 * (@raft/storage-sqlite, WAL, synchronous=FULL) in a temporary directory: every commit then waits
 * for real fsyncs, on the leader and on the followers. `--store sqlite-worker` does the same with
 * `writeOnWorkerThread: true` (the writes and their fsyncs run on one worker thread per node).
 * A comma-separated list runs every store at every level, alternating them, `--runs` times, so
 * modes can be compared side by side on a machine whose load drifts (the load average is printed
 * with every case).
 *
 * Flags: --concurrency 1,256  --duration-ms 5000  --warmup-ms 1000  --payload-bytes 16  --seed 1
 *        --store memory|sqlite|sqlite-worker[,...]  --runs 1
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createMemorySnapshotStore } from '@raft/core';
import { createSqliteStorage } from '@raft/storage-sqlite';
import type { BenchStores } from './bench-cluster.js';
import { formatTable } from './format-table.js';
import { type CaseResult, runCase } from './throughput-case.js';

interface BenchOptions {
  readonly concurrencyLevels: readonly number[];
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly payloadBytes: number;
  readonly seed: number;
  readonly stores: readonly BenchStore[];
  readonly runs: number;
}

type BenchStore = 'memory' | 'sqlite' | 'sqlite-worker';

function parseOptions(): BenchOptions {
  const { values } = parseArgs({
    options: {
      concurrency: { type: 'string', default: '1,256' },
      'duration-ms': { type: 'string', default: '5000' },
      'warmup-ms': { type: 'string', default: '1000' },
      'payload-bytes': { type: 'string', default: '16' },
      seed: { type: 'string', default: '1' },
      store: { type: 'string', default: 'memory' },
      runs: { type: 'string', default: '1' },
    },
    // `pnpm bench -- --flag` passes a literal `--` through: drop it, or parseArgs would stop there.
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
  });
  const integer = (flag: string, text: string, minimum: number): number => {
    const value = Number(text);
    if (!Number.isSafeInteger(value) || value < minimum)
      throw new Error(`--${flag} must be an integer >= ${minimum}`);
    return value;
  };
  return {
    concurrencyLevels: values.concurrency.split(',').map((text) => integer('concurrency', text.trim(), 1)),
    durationMs: integer('duration-ms', values['duration-ms'], 1),
    warmupMs: integer('warmup-ms', values['warmup-ms'], 0),
    payloadBytes: integer('payload-bytes', values['payload-bytes'], 0),
    seed: integer('seed', values.seed, 0),
    stores: values.store.split(',').map((text) => parseStore(text.trim())),
    runs: integer('runs', values.runs, 1),
  };
}

function parseStore(text: string): BenchStore {
  if (text === 'memory' || text === 'sqlite' || text === 'sqlite-worker') return text;
  throw new Error(`--store must be memory, sqlite or sqlite-worker, got ${JSON.stringify(text)}`);
}

/** SQLite stores in fresh directories under `root` (the memory snapshot store: no snapshots are taken). */
function sqliteStores(root: string, writeOnWorkerThread: boolean): (id: string) => BenchStores {
  return (id) => {
    const storage = createSqliteStorage({ dataDir: mkdtempSync(join(root, `${id}-`)), writeOnWorkerThread });
    const snapshotStore = createMemorySnapshotStore();
    return {
      logStore: storage.logStore,
      stableStore: storage.stableStore,
      snapshotStore,
      close: async () => {
        await storage.close();
        await snapshotStore.close();
      },
    };
  };
}

function formatMs(value: number): string {
  if (Number.isNaN(value)) return '-';
  return value < 10 ? value.toFixed(3) : value.toFixed(1);
}

async function main(): Promise<void> {
  const options = parseOptions();
  console.log(
    `raft bench: 3 nodes in one process, memory transport + ${options.stores.join(' / ')} stores, ` +
      `no-op state machine, ${options.payloadBytes}-byte proposals`,
  );
  const root = options.stores.some((store) => store !== 'memory')
    ? mkdtempSync(join(tmpdir(), 'raft-bench-'))
    : undefined;
  process.on('exit', () => {
    if (root !== undefined) rmSync(root, { recursive: true, force: true });
  });
  console.log(
    `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown cpu'}; ` +
      `warm-up ${options.warmupMs} ms, measured ${options.durationMs} ms per case`,
  );
  const results: { store: BenchStore; run: number; load: string; result: CaseResult }[] = [];
  for (let run = 1; run <= options.runs; run++) {
    for (const concurrency of options.concurrencyLevels) {
      // Alternate the stores at each level so drifting machine load hits them alike.
      const order = run % 2 === 1 ? options.stores : [...options.stores].reverse();
      for (const store of order) {
        const load = loadavg()[0]!.toFixed(2);
        process.stdout.write(`run ${run}, ${store}, ${concurrency} concurrent proposer(s), load ${load}... `);
        const result = await runCase({
          durationMs: options.durationMs,
          warmupMs: options.warmupMs,
          payloadBytes: options.payloadBytes,
          seed: options.seed,
          concurrency,
          ...(store === 'memory' ? {} : { stores: sqliteStores(root!, store === 'sqlite-worker') }),
        });
        results.push({ store, run, load, result });
        console.log(`${result.committed} committed`);
      }
    }
  }
  const rows = results.map(({ store, run, load, result }) => {
    const seconds = result.windowMs / 1000;
    return [
      store,
      String(run),
      String(result.concurrency),
      String(result.committed),
      Math.round(result.committed / seconds).toLocaleString('en-US'),
      formatMs(result.latency.percentile(50)),
      formatMs(result.latency.percentile(99)),
      formatMs(result.latency.max()),
      result.committed === 0 ? '-' : (result.cpuMicros / result.committed).toFixed(1),
      (result.cpuMicros / 1000 / result.windowMs).toFixed(2),
      String(Math.round(result.heapUsedBytes / 2 ** 20)),
      String(result.failed),
      load,
    ];
  });
  console.log('');
  console.log(
    formatTable(
      [
        'store',
        'run',
        'proposers',
        'committed',
        'proposals/s',
        'p50 ms',
        'p99 ms',
        'max ms',
        'cpu µs/proposal',
        'cpu cores',
        'heap MB',
        'errors',
        'load 1m',
      ],
      rows,
    ),
  );
  console.log('');
  console.log(
    'cpu µs/proposal: process CPU time (user + system, all 3 nodes) per committed proposal; ' +
      'cpu cores: CPU time / wall time (1.00 = one core busy; less means this process was waiting or ' +
      'descheduled); heap MB: V8 heap in use at the end of the window; load 1m: the one-minute ' +
      'load average when the case started.',
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error('bench failed:', error);
    process.exit(1);
  },
);
