import type {
  AcknowledgedProposal,
  AppliedEntryRecord,
  ClusterObservation,
  RestoredStateRecord,
} from './observation.js';
import type { Violation } from './violation.js';

/**
 * A safety property checked against every observation of a simulated cluster. An invariant keeps
 * whatever history it needs across calls, so properties "over all time" (one leader per term, ever)
 * can be checked from snapshots.
 */
export interface Invariant {
  readonly name: string;
  /** Checks the cluster after a step; returns the first violation found, if any. */
  check(observation: ClusterObservation): Violation | undefined;
  /** Told about every entry a node applies to its state machine. */
  recordApplied?(record: AppliedEntryRecord): Violation | undefined;
  /** Told about every state machine restored from a snapshot (its applied history then jumps). */
  recordRestored?(record: RestoredStateRecord): Violation | undefined;
  /** Told about every proposal acknowledged to a client. */
  recordAcknowledged?(proposal: AcknowledgedProposal): Violation | undefined;
  /** Checks what must hold once the run is over and the cluster has converged. */
  checkFinal?(observation: ClusterObservation): Violation | undefined;
}
