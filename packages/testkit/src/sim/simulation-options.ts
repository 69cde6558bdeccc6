import type { KvOperation } from '../linearizability/kv-operation.js';
import type { FaultKind, FaultMixName } from './fault-mix.js';
import type { KvWorkloadOptions } from './kv-workload.js';
import type { SimulationSnapshotSettings } from './simulation.js';

/** How to run one simulation. Everything not given is derived from `seed` or defaulted. */
export interface SimulationOptions {
  /** Reproduces the run exactly: faults, delays, timeouts and the workload all derive from it. */
  readonly seed: number;
  /** Cluster size at bootstrap. Default 3. */
  readonly nodes?: number;
  /**
   * Machines beyond the initial members, started outside the cluster for membership faults to add.
   * Default 2 when the faults change the membership, else 0. After healing every machine is made a
   * voter, so a run ends with `nodes + spareNodes` voters.
   */
  readonly spareNodes?: number;
  /**
   * The snapshot policy; default drawn from the seed: a threshold of 8–40 entries, 0–24 trailing
   * entries, 1–4 KiB chunks, so snapshots, compaction and snapshot transfers happen all the time.
   */
  readonly snapshots?: Partial<SimulationSnapshotSettings>;
  /** The faults to inject: a named mix or a list of kinds. Default `all`. */
  readonly faults?: FaultMixName | readonly FaultKind[];
  /** Virtual time the workload runs under faults, in ms. Default 5000. */
  readonly durationMs?: number;
  /** Stop the faulty phase early after this many steps (each step fires one timer). */
  readonly maxSteps?: number;
  /** Mean virtual time between injected faults, in ms. Default 600. */
  readonly faultIntervalMs?: number;
  /** Override the client workload. */
  readonly workload?: Partial<KvWorkloadOptions>;
  /** Pre-vote on or off; default drawn from the seed (both must stay safe and live). */
  readonly preVote?: boolean;
  /** Check-quorum on or off; default drawn from the seed. */
  readonly checkQuorum?: boolean;
  /** How long, after healing, the cluster gets to elect a leader, commit a write and converge, in ms. */
  readonly livenessTimeoutMs?: number;
  /** How many recent events a failure report shows. Default 50. */
  readonly traceEvents?: number;
}

/** What a successful simulation covered. */
export interface SimulationResult {
  readonly seed: number;
  /** Steps run (timers fired), each followed by an invariant check. */
  readonly steps: number;
  /** Virtual time at the end, in ms. */
  readonly virtualTimeMs: number;
  /** Machines at the end (initial members plus spares), every one a voter. */
  readonly nodes: number;
  readonly preVote: boolean;
  /** The snapshot policy the nodes ran with. */
  readonly snapshots: SimulationSnapshotSettings;
  /** State machine restores from a snapshot (restarts from one, and installs sent by a leader). */
  readonly snapshotRestores: number;
  readonly checkQuorum: boolean;
  /** Faults injected, by kind. */
  readonly faults: Readonly<Partial<Record<FaultKind, number>>>;
  /** Client requests: issued, completed, with unknown outcome, certainly failed. */
  readonly operations: {
    readonly invoked: number;
    readonly completed: number;
    readonly unknown: number;
    readonly failed: number;
  };
  /** The index every node had applied when the run ended. */
  readonly finalAppliedIndex: number;
  /** Virtual time from healing every fault to the first leader, in ms. */
  readonly leaderAfterHealMs: number;
  /** The recorded client history (checked for linearizability). */
  readonly history: readonly KvOperation[];
}
