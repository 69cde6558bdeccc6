import { ElectionSafety } from './election-safety.js';
import type { Invariant } from './invariant.js';
import { LeaderAppendOnly } from './leader-append-only.js';
import { LeaderCompleteness } from './leader-completeness.js';
import { LogMatching } from './log-matching.js';
import { NoDisjointMajorities } from './no-disjoint-majorities.js';
import { NoLostAcknowledgedProposal } from './no-lost-acknowledged-proposal.js';
import type {
  AcknowledgedProposal,
  AppliedEntryRecord,
  ClusterObservation,
  RestoredStateRecord,
} from './observation.js';
import { StateMachineSafety } from './state-machine-safety.js';
import type { Violation } from './violation.js';

/**
 * Fresh instances of every safety invariant: the five of the Raft paper's Figure 3, durability, and
 * quorum intersection across the configurations in effect.
 */
export function createSafetyInvariants(): Invariant[] {
  return [
    new ElectionSafety(),
    new LeaderAppendOnly(),
    new LogMatching(),
    new LeaderCompleteness(),
    new StateMachineSafety(),
    new NoLostAcknowledgedProposal(),
    new NoDisjointMajorities(),
  ];
}

/**
 * Runs a set of invariants together: feed it every observation, application and acknowledgement of
 * one simulated run, and it returns the first violation. Observations must be taken after every step
 * (some invariants reason about what was seen first).
 */
export class SafetyChecker {
  /** The first violation found; once set, later calls return it again without checking. */
  violation: Violation | undefined;

  constructor(readonly invariants: readonly Invariant[] = createSafetyInvariants()) {}

  /** Checks one observation against every invariant. */
  check(observation: ClusterObservation): Violation | undefined {
    return this.first((invariant) => invariant.check(observation));
  }

  /** Records an entry a node applied to its state machine. */
  recordApplied(record: AppliedEntryRecord): Violation | undefined {
    return this.first((invariant) => invariant.recordApplied?.(record));
  }

  /** Records a state machine restored from a snapshot. */
  recordRestored(record: RestoredStateRecord): Violation | undefined {
    return this.first((invariant) => invariant.recordRestored?.(record));
  }

  /** Records a proposal acknowledged to a client. */
  recordAcknowledged(proposal: AcknowledgedProposal): Violation | undefined {
    return this.first((invariant) => invariant.recordAcknowledged?.(proposal));
  }

  /** Checks the end-of-run properties on the final, converged observation. */
  checkFinal(observation: ClusterObservation): Violation | undefined {
    return this.first((invariant) => invariant.check(observation) ?? invariant.checkFinal?.(observation));
  }

  private first(run: (invariant: Invariant) => Violation | undefined): Violation | undefined {
    if (this.violation !== undefined) return this.violation;
    for (const invariant of this.invariants) {
      const violation = run(invariant);
      if (violation !== undefined) {
        this.violation = violation;
        return violation;
      }
    }
    return undefined;
  }
}
