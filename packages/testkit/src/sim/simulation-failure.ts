import type { Violation } from '../invariants/violation.js';

/** What went wrong in a failed simulation. */
export type SimulationFailureKind = 'safety' | 'linearizability' | 'liveness' | 'error';

/**
 * A simulation run failed. The message carries everything needed to reproduce and understand it:
 * the seed, the step and time, what failed, and the last events before it.
 */
export class SimulationFailure extends Error {
  constructor(
    readonly seed: number,
    readonly kind: SimulationFailureKind,
    readonly step: number,
    readonly timeMs: number,
    readonly reason: string,
    readonly trace: string,
    readonly violation: Violation | undefined = undefined,
  ) {
    super(
      [
        `simulation seed ${seed} failed (${kind}) at step ${step}, ${timeMs.toFixed(1)} ms:`,
        reason,
        'last cluster events:',
        trace,
        `reproduce: runSimulation with seed ${seed} and the same options (CLI: --start-seed ${seed} --seeds 1)`,
      ].join('\n'),
    );
    this.name = 'SimulationFailure';
  }
}
