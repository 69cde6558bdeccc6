import type { KvOutcome } from './kv-targets.js';
import { LatencyHistogram } from './latency-histogram.js';
import { processCpuMs, processRunQueueWaitMs } from './process-cpu.js';

/** How a closed-loop run sends. */
export interface ClosedLoopOptions {
  /** How many clients loop concurrently, each "send, await, repeat". */
  readonly concurrency: number;
  /** Time before measuring starts, in ms. */
  readonly warmupMs: number;
  /** Measured time after the warm-up, in ms. */
  readonly durationMs: number;
  /** The `sequence`-th request of client `client` (both from 0). */
  readonly operation: (client: number, sequence: number) => Promise<KvOutcome>;
  /** The server processes whose CPU time the window is charged with. */
  readonly serverPids: readonly number[];
}

/** What a closed-loop run measured. */
export interface ClosedLoopResult {
  /** Requests that succeeded and completed inside the measurement window. */
  readonly completed: number;
  /** Requests that failed and completed inside the window. */
  readonly errors: number;
  /** Failure reasons seen at any time (warm-up included), with their counts. */
  readonly errorReasons: ReadonlyMap<string, number>;
  readonly windowMs: number;
  /** Latencies of the successful requests of the window, in ms. */
  readonly latency: LatencyHistogram;
  /** CPU time of the server processes during the window, in ms (undefined without /proc). */
  readonly serverCpuMs: number | undefined;
  /**
   * How long the server processes' threads waited, runnable, for a CPU during the window, in ms
   * (summed over threads; undefined without /proc): high on a machine busy with other work.
   */
  readonly serverRunQueueWaitMs: number | undefined;
  /** CPU time of this (client) process during the window, in ms. */
  readonly clientCpuMs: number;
}

/**
 * Runs `concurrency` clients, each looping "send, await, repeat"; requests that complete inside
 * the measurement window (after the warm-up) are counted, and the successful ones timed. A failed
 * request is counted and its client waits 10 ms before the next, so a cluster that refuses
 * everything is not hammered in a tight loop.
 *
 * As in apps/bench, the phases switch on `performance.now()` checked after every completion (a
 * timer covers the case where nothing completes); the run ends when every client has seen the
 * window close, which the clients' request timeout bounds.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latency = new LatencyHistogram();
  const errorReasons = new Map<string, number>();
  const warmupEndsAt = performance.now() + options.warmupMs;
  const measureEndsAt = warmupEndsAt + options.durationMs;
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let completed = 0;
  let errors = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let serverCpuStart: number | undefined;
  let serverCpuMs: number | undefined;
  let waitStart: number | undefined;
  let serverRunQueueWaitMs: number | undefined;
  let clientCpuStart = process.cpuUsage();
  let clientCpuMs = 0;

  const checkPhase = (now: number): typeof phase => {
    if (phase === 'warmup' && now >= warmupEndsAt) {
      phase = 'measure';
      windowStart = now;
      serverCpuStart = processCpuMs(options.serverPids);
      waitStart = processRunQueueWaitMs(options.serverPids);
      clientCpuStart = process.cpuUsage();
    }
    if (phase === 'measure' && now >= measureEndsAt) {
      phase = 'done';
      windowEnd = now;
      const serverCpuEnd = processCpuMs(options.serverPids);
      serverCpuMs =
        serverCpuStart === undefined || serverCpuEnd === undefined
          ? undefined
          : serverCpuEnd - serverCpuStart;
      const waitEnd = processRunQueueWaitMs(options.serverPids);
      serverRunQueueWaitMs =
        waitStart === undefined || waitEnd === undefined ? undefined : waitEnd - waitStart;
      const client = process.cpuUsage(clientCpuStart);
      clientCpuMs = (client.user + client.system) / 1000;
    }
    return phase;
  };
  const phaseTimer = setInterval(() => checkPhase(performance.now()), 50);

  const client = async (index: number): Promise<void> => {
    for (let sequence = 0; checkPhase(performance.now()) !== 'done'; sequence++) {
      const startedAt = performance.now();
      const outcome = await options.operation(index, sequence);
      const completedAt = performance.now();
      const inWindow = phase === 'measure' && checkPhase(completedAt) === 'measure';
      if (outcome.ok) {
        if (inWindow) {
          completed += 1;
          latency.record(completedAt - startedAt);
        }
        continue;
      }
      if (inWindow) errors += 1;
      errorReasons.set(outcome.error, (errorReasons.get(outcome.error) ?? 0) + 1);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, (_, index) => client(index)));
  clearInterval(phaseTimer);
  return {
    completed,
    errors,
    errorReasons,
    windowMs: windowEnd - windowStart,
    latency,
    serverCpuMs,
    serverRunQueueWaitMs,
    clientCpuMs,
  };
}
