// Public API of @raft/testkit.

// ---- Safety invariants, checked against observations of a cluster ----
export { ElectionSafety } from './invariants/election-safety.js';
export type { Invariant } from './invariants/invariant.js';
export { LeaderAppendOnly } from './invariants/leader-append-only.js';
export { LeaderCompleteness } from './invariants/leader-completeness.js';
export { LogMatching } from './invariants/log-matching.js';
export { NoDisjointMajorities } from './invariants/no-disjoint-majorities.js';
export { NoLostAcknowledgedProposal } from './invariants/no-lost-acknowledged-proposal.js';
export {
  type AcknowledgedProposal,
  type AppliedEntryRecord,
  type ClusterObservation,
  entryAt,
  lastLogIndex,
  type NodeObservation,
  type RestoredStateRecord,
} from './invariants/observation.js';
export {
  type DisjointQuorums,
  describeMembership,
  findDisjointQuorums,
  quorumVoterSets,
} from './invariants/quorum-intersection.js';
export { createSafetyInvariants, SafetyChecker } from './invariants/safety-checker.js';
export { StateMachineSafety } from './invariants/state-machine-safety.js';
export { InvariantViolationError, renderViolation, type Violation } from './invariants/violation.js';
export {
  checkKvLinearizability,
  checkLinearizability,
  type LinearizabilityOptions,
  type LinearizabilityResult,
} from './linearizability/check-linearizability.js';
// ---- Linearizability checking (usable on any service's client history) ----
export { explainStuckPoint } from './linearizability/explain-stuck-point.js';
export type {
  KvCasOperation,
  KvDeleteOperation,
  KvGetOperation,
  KvOperation,
  KvOperationTiming,
  KvPutOperation,
} from './linearizability/kv-operation.js';
export {
  describeKvOperation,
  type KvRegisterState,
  kvRegisterModel,
} from './linearizability/kv-register-model.js';
export type { LinearizationModel, ModelStepResult } from './linearizability/linearization-model.js';
export {
  type SearchOptions,
  type SearchResult,
  type StuckPoint,
  searchLinearization,
  type TimedOperation,
} from './linearizability/linearization-search.js';

// ---- Deterministic simulation ----
export { freePorts } from './net/free-ports.js';
export { type ProcessExit, runToExit } from './process/run-to-exit.js';
export { DiskCrashedError, SimulatedIoError } from './sim/disk-errors.js';
export { FAULT_MIXES, type FaultKind, type FaultMixName, isFaultMixName } from './sim/fault-mix.js';
export { decodeKvCommand, encodeKvCommand, type KvCommand, type KvResult } from './sim/kv-command.js';
export { KvStateMachine, type KvStateMachineHooks } from './sim/kv-state-machine.js';
export { runSimulation } from './sim/run-simulation.js';
export { type DiskOperation, SimulatedDisk, type SimulatedDiskOptions } from './sim/simulated-disk.js';
export { SimulationFailure, type SimulationFailureKind } from './sim/simulation-failure.js';
export type { SimulationOptions, SimulationResult } from './sim/simulation-options.js';
export { VirtualClock, type VirtualClockOptions } from './sim/virtual-clock.js';

// The conformance suites for storage and transport adapters are in '@raft/testkit/conformance'.
