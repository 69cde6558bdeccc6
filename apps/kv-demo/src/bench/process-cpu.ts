import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ: 100 on every mainstream Linux). */
const TICKS_PER_SECOND = 100;

/**
 * The CPU time (user + system) the processes `pids` have used so far, in milliseconds, read from
 * `/proc` with 10 ms resolution; `undefined` where there is no `/proc` (not Linux) or a process
 * is gone.
 */
export function processCpuMs(pids: readonly number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    const ticks = readCpuTicks(pid);
    if (ticks === undefined) return undefined;
    total += ticks;
  }
  return (total * 1000) / TICKS_PER_SECOND;
}

/**
 * How long the threads of the processes `pids` have waited, runnable, for a CPU so far (the run
 * queue delay of `/proc/<pid>/task/<tid>/schedstat`), in milliseconds; `undefined` without `/proc`
 * or schedstats. Threads that ended are not counted.
 */
export function processRunQueueWaitMs(pids: readonly number[]): number | undefined {
  let totalNs = 0;
  try {
    for (const pid of pids) {
      for (const thread of readdirSync(`/proc/${pid}/task`)) {
        const fields = readFileSync(`/proc/${pid}/task/${thread}/schedstat`, 'utf8').split(' ');
        totalNs += Number(fields[1]);
      }
    }
  } catch {
    return undefined;
  }
  return Number.isFinite(totalNs) ? totalNs / 1e6 : undefined;
}

/** CPU pressure stall information: the share of the last 60 s some runnable task waited for a CPU, in %. */
export function cpuPressurePercent(): number | undefined {
  try {
    const match = /some avg10=[\d.]+ avg60=([\d.]+)/.exec(readFileSync('/proc/pressure/cpu', 'utf8'));
    return match === null ? undefined : Number(match[1]);
  } catch {
    return undefined;
  }
}

/**
 * The ids of this process's children whose command line contains `marker` (empty where there is
 * no `/proc`). LocalCluster keeps its processes to itself; this finds them from the outside.
 */
export function childProcessIds(marker: string): number[] {
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  const children: number[] = [];
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = statFields(Number(entry));
      // Field 4 of stat is the parent id; statFields starts at field 3 (state).
      if (fields === undefined || Number(fields[1]) !== process.pid) continue;
      const commandLine = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (commandLine.includes(marker)) children.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return children;
}

function readCpuTicks(pid: number): number | undefined {
  try {
    const fields = statFields(pid);
    // Fields 14 (utime) and 15 (stime), counted from field 3.
    return fields === undefined ? undefined : Number(fields[11]) + Number(fields[12]);
  } catch {
    return undefined;
  }
}

/** The fields of `/proc/<pid>/stat` after the command name (which may hold spaces), from field 3 on. */
function statFields(pid: number): string[] | undefined {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const end = stat.lastIndexOf(')');
  return end < 0 ? undefined : stat.slice(end + 2).split(' ');
}
