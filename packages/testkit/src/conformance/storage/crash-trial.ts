import { fork } from 'node:child_process';
import type { LogStore, StableStore } from '@raft/core';
import { type CrashWriterMessage, crashModels, crashScript, diffAgainstModel } from './crash-workload.js';

/** Options of {@link runCrashTrial}. */
export interface CrashTrialOptions {
  /** The writer script (TypeScript, run with `node --import tsx`), which calls `runCrashWriter`. */
  readonly writerScript: string;
  /** Where `tsx` resolves from: the package directory. */
  readonly cwd: string;
  readonly dataDir: string;
  readonly seed: number;
  /** How many steps the script has; the writer is normally killed long before the end. */
  readonly steps: number;
  /** How long after the writer is ready to SIGKILL it, in milliseconds. */
  readonly killAfterMs: number;
  /** Opens the stores again after the crash. */
  open(dataDir: string): Promise<{ logStore: LogStore; stableStore: StableStore; close(): Promise<void> }>;
}

/** What a trial saw. */
export interface CrashTrialResult {
  /** Steps the writer reported acknowledged before it died. */
  readonly acknowledged: number;
  /** Whether the reopened stores matched the last acknowledged step or the one in flight. */
  readonly matched: 'acknowledged' | 'in-flight';
  /** False when the writer finished its script before the kill. */
  readonly killed: boolean;
}

/**
 * Runs the seeded crash workload in a forked writer, SIGKILLs it `killAfterMs` after it is ready,
 * reopens the stores and checks they hold exactly what the model says after the last acknowledged
 * step or after the step in flight. Rejects with the seed and the difference otherwise (a lost
 * acknowledged write, a torn record, a half-applied step), or when reopening fails.
 */
export async function runCrashTrial(options: CrashTrialOptions): Promise<CrashTrialResult> {
  const child = fork(options.writerScript, [options.dataDir, String(options.seed), String(options.steps)], {
    cwd: options.cwd,
    execArgv: ['--import', 'tsx', '--conditions=@raft/source'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let acknowledged = 0;
  let finished = false;
  let killTimer: NodeJS.Timeout | undefined;
  child.on('message', (message: CrashWriterMessage) => {
    if (message.type === 'ready') {
      killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs);
    } else if (message.type === 'acknowledged') {
      acknowledged = message.steps;
    } else {
      finished = true;
    }
  });
  // Wait for 'close', not 'exit': 'exit' can fire while acknowledgements are still buffered in the
  // IPC channel, and counting too few of them would blame the store for the harness's haste.
  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  clearTimeout(killTimer);
  const killed = exit.signal === 'SIGKILL';
  if (!killed && !(finished && exit.code === 0)) {
    throw new Error(
      `crash writer (seed ${options.seed}) failed: exit ${exit.code} ${exit.signal}\n${stderr}`,
    );
  }

  const models = crashModels(crashScript(options.seed, options.steps));
  const stores = await options.open(options.dataDir);
  try {
    const atAcknowledged = await diffAgainstModel(models[acknowledged]!, stores.logStore, stores.stableStore);
    if (atAcknowledged === undefined) return { acknowledged, matched: 'acknowledged', killed };
    const next = models[acknowledged + 1];
    const atInFlight =
      next === undefined
        ? 'no step in flight'
        : await diffAgainstModel(next, stores.logStore, stores.stableStore);
    if (atInFlight === undefined) return { acknowledged, matched: 'in-flight', killed };
    throw new Error(
      `crash trial seed ${options.seed}: after ${acknowledged} acknowledged steps the reopened store matches neither ` +
        `the acknowledged state (${atAcknowledged}) nor the next one (${atInFlight})`,
    );
  } finally {
    await stores.close();
  }
}
