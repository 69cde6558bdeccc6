import type { ClosedLoopResult } from './closed-loop.js';
import { formatTable } from './format-table.js';

/** The results of one concurrency level, by system name. */
export interface CaseRow {
  readonly concurrency: number;
  readonly results: ReadonlyMap<string, ClosedLoopResult>;
}

/**
 * One table per workload: a row per concurrency, each system's columns side by side, then the
 * kv-demo/etcd ratios of throughput (above 1: kv-demo is faster) and of median latency (below 1:
 * kv-demo answers sooner).
 */
export function formatWorkloadTable(systems: readonly string[], rows: readonly CaseRow[]): string {
  const header = ['clients'];
  for (const system of systems) header.push(`${system} ops/s`, 'p50', 'p99', 'max', 'err', 'cpu/op');
  const compare = systems.includes('kv-demo') && systems.includes('etcd');
  if (compare) header.push('ops/s kv/etcd', 'p50 kv/etcd');
  const body = rows.map((row) => {
    const cells = [String(row.concurrency)];
    for (const system of systems) {
      const result = row.results.get(system);
      if (result === undefined) {
        cells.push('-', '-', '-', '-', '-', '-');
        continue;
      }
      cells.push(
        opsPerSecond(result).toFixed(0),
        milliseconds(result.latency.percentile(50)),
        milliseconds(result.latency.percentile(99)),
        milliseconds(result.latency.max()),
        String(result.errors),
        result.serverCpuMs === undefined || result.completed === 0
          ? '-'
          : ((result.serverCpuMs * 1000) / result.completed).toFixed(0),
      );
    }
    if (compare) {
      const kv = row.results.get('kv-demo');
      const etcd = row.results.get('etcd');
      cells.push(
        kv && etcd ? ratio(opsPerSecond(kv), opsPerSecond(etcd)) : '-',
        kv && etcd ? ratio(kv.latency.percentile(50), etcd.latency.percentile(50)) : '-',
      );
    }
    return cells;
  });
  return formatTable(header, body);
}

/** Successful requests per second of the measurement window. */
export function opsPerSecond(result: ClosedLoopResult): number {
  return result.windowMs > 0 ? (result.completed * 1000) / result.windowMs : 0;
}

/** A latency in ms with 2 significant decimals below 10 ms, 1 below 100, none above. */
export function milliseconds(value: number): string {
  if (!Number.isFinite(value)) return '-';
  return value < 10 ? value.toFixed(2) : value < 100 ? value.toFixed(1) : value.toFixed(0);
}

function ratio(numerator: number, denominator: number): string {
  if (!Number.isFinite(numerator) || !Number.isFinite(denominator) || denominator === 0) return '-';
  return `${(numerator / denominator).toFixed(2)}x`;
}

/**
 * Tallies the lines the nodes print (warnings and errors at the log levels the bench uses), by
 * message with numbers blanked out, so a summary can show what went on without flooding the run.
 */
export class NodeOutputTally {
  private readonly counts = new Map<string, Map<string, { count: number; example: string }>>();

  add(system: string, node: string, line: string): void {
    const bySystem = this.counts.get(system) ?? new Map<string, { count: number; example: string }>();
    this.counts.set(system, bySystem);
    const message = messageOf(line);
    const entry = bySystem.get(message);
    if (entry === undefined) bySystem.set(message, { count: 1, example: `[${node}] ${line.slice(0, 300)}` });
    else entry.count += 1;
  }

  /** The `limit` most frequent messages of each system, most frequent first. */
  summary(limit = 6): string {
    const lines: string[] = [];
    for (const [system, messages] of this.counts) {
      const total = [...messages.values()].reduce((sum, entry) => sum + entry.count, 0);
      lines.push(`${system}: ${total} lines printed by the nodes`);
      const top = [...messages.entries()].sort((a, b) => b[1].count - a[1].count).slice(0, limit);
      for (const [, entry] of top) lines.push(`  ${String(entry.count).padStart(6)} x ${entry.example}`);
    }
    return lines.length === 0 ? 'the nodes printed nothing (log level warn)' : lines.join('\n');
  }
}

function messageOf(line: string): string {
  try {
    const parsed = JSON.parse(line) as { msg?: unknown };
    if (typeof parsed.msg === 'string') return parsed.msg;
  } catch {
    // Not JSON (kv-demo's console logger): fall through.
  }
  return line.replace(/\d+(\.\d+)?/g, 'N').slice(0, 120);
}
