/**
 * `pnpm bench:kv`: kv-demo against etcd, side by side on this machine. Each is a 3-node cluster of
 * separate processes on 127.0.0.1 with durable storage (kv-demo: SQLite, synchronous=FULL; etcd:
 * its WAL, fsynced), driven over HTTP by closed-loop clients in this process: writes of 256-byte
 * values over 1000 keys, then linearizable reads, at 1, 16 and 64 clients. The systems take turns
 * case by case so that machine noise falls on both alike. Not a test: CI has no etcd.
 *
 * Flags: --concurrency 1,16,64  --warmup-ms 2000  --duration-ms 10000  --keys 1000
 *        --value-bytes 256  --workloads write,read  --systems kv-demo,etcd  --etcd-binary etcd
 *        --sqlite-worker (kv-demo's SQLite writes on a worker thread)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  type CaseRow,
  formatWorkloadTable,
  milliseconds,
  NodeOutputTally,
  opsPerSecond,
} from './bench-report.js';
import { type ClosedLoopResult, runClosedLoop } from './closed-loop.js';
import { EtcdCluster } from './etcd-cluster.js';
import { findFreePorts } from './free-ports.js';
import { type KvOutcome, type KvTarget, startEtcdTarget, startKvDemoTarget } from './kv-targets.js';
import { cpuPressurePercent } from './process-cpu.js';

type Workload = 'write' | 'read';

const WORKLOAD_TITLES: Record<Workload, string> = {
  write: 'writes (PUT of a {bytes}-byte value, {keys} keys)',
  read: 'linearizable reads ({keys} existing keys)',
};

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      concurrency: { type: 'string', default: '1,16,64' },
      'warmup-ms': { type: 'string', default: '2000' },
      'duration-ms': { type: 'string', default: '10000' },
      keys: { type: 'string', default: '1000' },
      'value-bytes': { type: 'string', default: '256' },
      workloads: { type: 'string', default: 'write,read' },
      systems: { type: 'string', default: 'kv-demo,etcd' },
      'etcd-binary': { type: 'string', default: 'etcd' },
      'sqlite-worker': { type: 'boolean', default: false },
    },
  });
  const concurrencies = positiveList(values.concurrency, '--concurrency');
  const warmupMs = Number(values['warmup-ms']);
  const durationMs = Number(values['duration-ms']);
  const keyCount = positiveList(values.keys, '--keys')[0]!;
  const valueBytes = positiveList(values['value-bytes'], '--value-bytes')[0]!;
  const workloads = values.workloads.split(',') as Workload[];
  if (workloads.some((workload) => workload !== 'write' && workload !== 'read'))
    throw new Error('--workloads takes write and/or read');
  const systems = values.systems.split(',');
  if (systems.some((system) => system !== 'kv-demo' && system !== 'etcd'))
    throw new Error('--systems takes kv-demo and/or etcd');

  const etcdBinary = systems.includes('etcd') ? EtcdCluster.find(values['etcd-binary']) : undefined;
  const cpuList = cpus();
  console.log('kv-demo vs etcd: 3-node clusters of separate processes on 127.0.0.1, clients over HTTP');
  console.log(`  cores        ${cpuList.length} x ${cpuList[0]?.model.trim() ?? 'unknown'}`);
  console.log(`  node         ${process.version} (bench client and kv-demo nodes), linux ${release()}`);
  console.log(
    `  etcd         ${etcdBinary === undefined ? 'not run' : `${etcdBinary.version} (${etcdBinary.path})`}`,
  );
  console.log(`  load average ${formatLoad()} at start`);
  console.log(
    `  plan         ${workloads.join(', ')} at ${concurrencies.join(', ')} clients; ${warmupMs} ms warm-up, ` +
      `${durationMs} ms measured per case; ${keyCount} keys, ${valueBytes}-byte values`,
  );
  if (systems.includes('etcd') && etcdBinary === undefined) {
    console.log(
      `\n  etcd is NOT installed (no '${values['etcd-binary']}' on the PATH), so only kv-demo runs.\n` +
        '  Install it with `apt-get install -y etcd-server` (Debian/Ubuntu: etcd 3.4) or take a release\n' +
        '  from https://github.com/etcd-io/etcd/releases, or point --etcd-binary at it.\n',
    );
  }
  const runSystems = systems.filter((system) => system !== 'etcd' || etcdBinary !== undefined);
  if (runSystems.length === 0) throw new Error('nothing to run');

  const root = mkdtempSync(join(tmpdir(), 'kv-bench-'));
  console.log(`  data         ${root} (removed at the end)\n`);
  const tally = new NodeOutputTally();
  const targets: KvTarget[] = [];
  let stopping: Promise<void> | undefined;
  const stopAll = () => {
    stopping ??= Promise.allSettled(targets.map((target) => target.stop())).then(() =>
      rmSync(root, { recursive: true, force: true }),
    );
    return stopping;
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping the clusters ...`);
      void stopAll().then(() => process.exit(130));
    });
  }

  try {
    const ports = await findFreePorts(15);
    if (runSystems.includes('kv-demo')) {
      targets.push(
        await startKvDemoTarget({
          root: join(root, 'kv-demo'),
          ports: ports.slice(0, 9),
          output: (node, line) => tally.add('kv-demo', node, line),
          sqliteWriteOnWorkerThread: values['sqlite-worker'],
        }),
      );
    }
    if (etcdBinary !== undefined && runSystems.includes('etcd')) {
      targets.push(
        await startEtcdTarget({
          root: join(root, 'etcd'),
          ports: ports.slice(9, 15),
          binary: etcdBinary.path,
          output: (member, line) => tally.add('etcd', member, line),
        }),
      );
    }
    const value = 'v'.repeat(valueBytes);
    const keys = Array.from({ length: keyCount }, (_, index) => `bench-${String(index).padStart(6, '0')}`);
    for (const target of targets) await prefill(target, keys, value);

    for (const workload of workloads) {
      const title = WORKLOAD_TITLES[workload]
        .replace('{bytes}', String(valueBytes))
        .replace('{keys}', String(keyCount));
      console.log(`== ${title}`);
      const rows: CaseRow[] = [];
      for (const concurrency of concurrencies) {
        const results = new Map<string, ClosedLoopResult>();
        for (const target of targets) {
          const leader = (await target.leader()) ?? 'none';
          const loadAtStart = loadavg()[0]!.toFixed(1);
          const result = await runClosedLoop({
            concurrency,
            warmupMs,
            durationMs,
            serverPids: target.pids(),
            operation: (client, sequence) => {
              const endpoint = target.endpoints[(client + sequence) % target.endpoints.length]!;
              const key = keys[keyIndex(client, sequence, keys.length)]!;
              return workload === 'write' ? endpoint.put(key, value) : endpoint.get(key);
            },
          });
          results.set(target.name, result);
          console.log(
            `   ${String(concurrency).padStart(3)} clients  ${target.name.padEnd(7)} leader ${leader.padEnd(3)} ` +
              `load ${loadAtStart}  ${opsPerSecond(result).toFixed(0).padStart(5)} ops/s  ` +
              `p50 ${milliseconds(result.latency.percentile(50))} ms  err ${result.errors}  ` +
              `CPU % of one core: servers ${percentOfWindow(result.serverCpuMs, result)}, ` +
              `servers waiting for a CPU ${percentOfWindow(result.serverRunQueueWaitMs, result)}, ` +
              `client ${percentOfWindow(result.clientCpuMs, result)}` +
              describeErrors(result.errorReasons),
          );
        }
        rows.push({ concurrency, results });
      }
      console.log(`\n${title}\n`);
      console.log(formatWorkloadTable(runSystems, rows));
      console.log(
        '\n(latencies in ms; err: failed requests in the window; cpu/op: CPU time of the 3 server\n' +
          ' processes per successful request, in µs; ratios kv-demo/etcd)\n',
      );
    }
    console.log(`load average ${formatLoad()} at end`);
    console.log(`\nwhat the nodes printed (log level warn):\n${tally.summary()}`);
  } finally {
    await stopAll();
  }
}

/** Writes every key once, 16 at a time, so reads find them; fails the run if the cluster cannot. */
async function prefill(target: KvTarget, keys: readonly string[], value: string): Promise<void> {
  let next = 0;
  const failures: string[] = [];
  const worker = async () => {
    while (next < keys.length) {
      const index = next++;
      let outcome: KvOutcome = { ok: false, error: 'not tried' };
      for (let attempt = 0; attempt < 5 && !outcome.ok; attempt++) {
        outcome = await target.endpoints[index % target.endpoints.length]!.put(keys[index]!, value);
        if (!outcome.ok) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      if (!outcome.ok) failures.push(outcome.error);
    }
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  if (failures.length > 0) throw new Error(`${target.name}: prefill failed: ${failures[0]}`);
}

/**
 * The key of a client's `sequence`-th request: a fixed hash of both, so keys are spread evenly and
 * every run (and both systems) sends the same sequence.
 */
function keyIndex(client: number, sequence: number, keyCount: number): number {
  let hash = Math.imul(client + 1, 0x9e3779b1) ^ Math.imul(sequence + 1, 0x85ebca6b);
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x7feb352d);
  hash ^= hash >>> 15;
  return (hash >>> 0) % keyCount;
}

function describeErrors(reasons: ReadonlyMap<string, number>): string {
  if (reasons.size === 0) return '';
  const top = [...reasons.entries()].sort((a, b) => b[1] - a[1]).slice(0, 3);
  return `\n       failures (warm-up included): ${top.map(([reason, count]) => `${count} x ${reason}`).join('; ')}`;
}

/** The load averages, and the CPU pressure where the kernel reports it. */
function formatLoad(): string {
  const load = loadavg()
    .map((value) => value.toFixed(2))
    .join(', ');
  const pressure = cpuPressurePercent();
  return `${load} (1, 5, 15 min)${pressure === undefined ? '' : `; CPU pressure ${pressure.toFixed(0)}% (some, avg60)`}`;
}

/** `spentMs` as a share of the measurement window, in % of one core. */
function percentOfWindow(spentMs: number | undefined, result: ClosedLoopResult): string {
  return spentMs === undefined || result.windowMs <= 0
    ? '-'
    : `${((100 * spentMs) / result.windowMs).toFixed(0)}%`;
}

function positiveList(text: string, flag: string): number[] {
  const list = text.split(',').map(Number);
  if (list.some((value) => !Number.isInteger(value) || value < 1))
    throw new Error(`${flag} takes positive integers`);
  return list;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
