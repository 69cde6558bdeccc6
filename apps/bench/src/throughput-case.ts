import { type BenchClusterOptions, startBenchCluster } from './bench-cluster.js';
import { type ClosedLoopOptions, runClosedLoop } from './closed-loop.js';
import type { LatencyHistogram } from './latency-histogram.js';

/** How one throughput case runs. */
export interface CaseOptions extends ClosedLoopOptions {
  /** Seeds the network and the nodes' randomness. */
  readonly seed: number;
  /** Where the cluster's nodes keep their log (default: in memory). */
  readonly stores?: BenchClusterOptions['stores'];
}

/** What one throughput case measured. */
export interface CaseResult {
  readonly concurrency: number;
  readonly committed: number;
  readonly failed: number;
  readonly windowMs: number;
  readonly latency: LatencyHistogram;
  /** Process CPU time (user + system) spent in the window, in microseconds. */
  readonly cpuMicros: number;
  /** The V8 heap in use at the end of the window, in bytes (the log is held in memory). */
  readonly heapUsedBytes: number;
}

/**
 * Starts a fresh 3-node cluster and runs `concurrency` proposers against its leader
 * ({@link runClosedLoop}); every failed proposal counts as an error.
 */
export async function runCase(options: CaseOptions): Promise<CaseResult> {
  const cluster = await startBenchCluster(
    options.seed,
    options.stores === undefined ? {} : { stores: options.stores },
  );
  try {
    const result = await runClosedLoop(cluster, options);
    return {
      concurrency: options.concurrency,
      committed: result.committed,
      failed: result.failedTotal,
      windowMs: result.windowMs,
      latency: result.latency,
      cpuMicros: result.cpuMicros,
      heapUsedBytes: result.heapUsedBytes,
    };
  } finally {
    await cluster.stop();
  }
}
