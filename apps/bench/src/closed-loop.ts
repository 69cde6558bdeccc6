import type { BenchCluster } from './bench-cluster.js';
import { LatencyHistogram } from './latency-histogram.js';

/** How a closed-loop run proposes. */
export interface ClosedLoopOptions {
  /** How many proposers loop concurrently. */
  readonly concurrency: number;
  /** Measured time after the warm-up, in ms. */
  readonly durationMs: number;
  /** Time before measuring starts, in ms. */
  readonly warmupMs: number;
  /** The size of each proposal, in bytes. */
  readonly payloadBytes: number;
}

/** What a closed-loop run measured. */
export interface ClosedLoopResult {
  /** Proposals that completed inside the measurement window. */
  readonly committed: number;
  /** Proposals that failed while the window was open. */
  readonly failedInWindow: number;
  /** Proposals that failed at any time (warm-up included). */
  readonly failedTotal: number;
  readonly windowMs: number;
  readonly latency: LatencyHistogram;
  /** Process CPU time (user + system) spent in the window, in microseconds. */
  readonly cpuMicros: number;
  /** The V8 heap in use at the end of the window, in bytes. */
  readonly heapUsedBytes: number;
}

/**
 * Runs `concurrency` proposers against the cluster's leader, each looping "propose, await,
 * repeat". Proposals that complete within the measurement window (after the warm-up) are counted
 * and their latency recorded; a failed proposal waits 10 ms and looks for the leader again.
 *
 * The phases switch on `performance.now()` checked after every completed proposal, not on timers
 * alone: a saturated cluster can keep the event loop busy with promise jobs for a long time, and
 * the window must start and end when the clock says so. A timer covers the case where nothing
 * completes at all. A proposal stuck past the window (a lost leader) must not hang the benchmark:
 * after a grace period the cluster is stopped, which rejects every pending request. The caller
 * still stops the cluster when done.
 */
export async function runClosedLoop(
  cluster: BenchCluster,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  let leader = await cluster.leader();
  const payload = new Uint8Array(options.payloadBytes).map((_, index) => index);
  const latency = new LatencyHistogram();
  const warmupEndsAt = performance.now() + options.warmupMs;
  const measureEndsAt = warmupEndsAt + options.durationMs;
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let committed = 0;
  let failedInWindow = 0;
  let failedTotal = 0;
  let windowStart = 0;
  let windowEnd = 0;
  let cpuStart = process.cpuUsage();
  let cpuWindow: NodeJS.CpuUsage = { user: 0, system: 0 };
  let heapUsedBytes = 0;

  /** Moves to the next phase when its time has come; returns the current phase. */
  const checkPhase = (now: number): typeof phase => {
    if (phase === 'warmup' && now >= warmupEndsAt) {
      phase = 'measure';
      windowStart = now;
      cpuStart = process.cpuUsage();
    }
    if (phase === 'measure' && now >= measureEndsAt) {
      phase = 'done';
      windowEnd = now;
      cpuWindow = process.cpuUsage(cpuStart);
      heapUsedBytes = process.memoryUsage().heapUsed;
    }
    return phase;
  };
  const phaseTimer = setInterval(() => checkPhase(performance.now()), 50);

  const proposer = async (): Promise<void> => {
    while (checkPhase(performance.now()) !== 'done') {
      const startedAt = performance.now();
      try {
        await leader.propose(payload);
      } catch {
        failedTotal += 1;
        if (phase === 'measure') failedInWindow += 1;
        if (phase === 'done') break;
        await new Promise((resolve) => setTimeout(resolve, 10));
        leader = await cluster.leader();
        continue;
      }
      const completedAt = performance.now();
      // Count it if it completed inside the window (checkPhase may close the window right now).
      if (phase === 'measure' && checkPhase(completedAt) === 'measure') {
        committed += 1;
        latency.record(completedAt - startedAt);
      }
    }
  };
  const proposers = Promise.all(Array.from({ length: options.concurrency }, proposer));
  const drainTimeoutMs = 10_000;
  const drained = await Promise.race([
    proposers.then(() => true),
    new Promise<boolean>((resolve) =>
      setTimeout(() => resolve(false), options.warmupMs + options.durationMs + drainTimeoutMs).unref(),
    ),
  ]);
  clearInterval(phaseTimer);
  if (!drained) {
    await cluster.stop();
    await proposers;
  }
  return {
    committed,
    failedInWindow,
    failedTotal,
    windowMs: windowEnd - windowStart,
    latency,
    cpuMicros: cpuWindow.user + cpuWindow.system,
    heapUsedBytes,
  };
}
