import { createSeededRandom, isRaftError, type RaftConfigInput } from '@raft/core';
import { createMemoryNetwork, type LinkFaults, type MemoryNetwork } from '@raft/transport-memory';
import type { AcknowledgedProposal } from '../invariants/observation.js';
import { SafetyChecker } from '../invariants/safety-checker.js';
import { renderViolation, type Violation } from '../invariants/violation.js';
import { EventTrace } from './event-trace.js';
import { FaultInjector } from './fault-injector.js';
import type { FaultKind } from './fault-mix.js';
import { KvWorkload, type KvWorkloadOptions } from './kv-workload.js';
import { observeCluster, renderCluster } from './observe-cluster.js';
import { SimNode } from './sim-node.js';
import { SimulationFailure, type SimulationFailureKind } from './simulation-failure.js';
import { VirtualClock } from './virtual-clock.js';

/** Timings of the simulated cluster, in ms: short, so that a run covers many elections. */
export const SIMULATION_TIMING = {
  tickIntervalMs: 10,
  heartbeatTimeoutMs: 50,
  electionTimeoutMs: 300,
} as const;

/** A healthy simulated network: every message takes 0.5–3 ms, so each delivery is its own step. */
export const BASE_LINK_FAULTS: LinkFaults = { minDelayMs: 0.5, maxDelayMs: 3 };

/** Ranges of simulated fsync latency, in ms; each run draws one from its seed. */
const FSYNC_PROFILES: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 2],
  [1, 15],
];

/** The snapshot policy of a simulated cluster: small, so snapshots, compaction and transfers are frequent. */
export interface SimulationSnapshotSettings {
  /** Entries applied between snapshots. */
  readonly snapshotThreshold: number;
  /** Entries kept behind a snapshot. */
  readonly trailingLogs: number;
  /** Payload bytes per `install-snapshot` message. */
  readonly snapshotChunkBytes: number;
}

/** The resolved settings of one {@link Simulation}. */
export interface SimulationSettings {
  readonly seed: number;
  /** Initial members (the cluster bootstraps with them). */
  readonly nodes: number;
  /** Extra machines that start outside the cluster, for membership faults to add. */
  readonly spareNodes: number;
  readonly snapshots: SimulationSnapshotSettings;
  readonly faults: readonly FaultKind[];
  readonly preVote: boolean;
  readonly checkQuorum: boolean;
  readonly faultIntervalMs: number;
  readonly workload: KvWorkloadOptions;
  readonly traceEvents: number;
}

/**
 * The moving parts of one simulation run: the virtual clock, the memory network, the simulated
 * machines, the workload, the fault injector and the safety checker, plus the step loop that checks
 * every invariant after every timer. {@link runSimulation} drives it through its phases.
 */
export class Simulation {
  readonly clock = new VirtualClock();
  readonly network: MemoryNetwork;
  readonly nodes: readonly SimNode[];
  readonly checker = new SafetyChecker();
  /** Faults, crashes, role changes: what a failure report most needs. */
  readonly trace: EventTrace;
  /** Client requests and their outcomes, kept apart so they do not crowd out cluster events. */
  readonly clientTrace: EventTrace;
  readonly workload: KvWorkload;
  readonly injector: FaultInjector;
  step = 0;
  /** State machine restores from a snapshot (on restart or install), for reports. */
  restores = 0;
  /** A violation or unexpected error reported from a callback, raised at the end of the step. */
  private pending: { kind: SimulationFailureKind; reason: string; violation?: Violation } | undefined;
  private lastHistoryTime = Number.NEGATIVE_INFINITY;

  constructor(readonly settings: SimulationSettings) {
    const { seed } = settings;
    this.trace = new EventTrace(settings.traceEvents);
    this.clientTrace = new EventTrace(Math.ceil(settings.traceEvents / 2));
    this.network = createMemoryNetwork({
      clock: this.clock,
      random: createSeededRandom(seed * 5 + 3),
      defaultFaults: BASE_LINK_FAULTS,
      onHandlerError: (error) => this.report('error', `a message handler threw: ${describe(error)}`),
    });
    const ids = Array.from({ length: settings.nodes + settings.spareNodes }, (_, index) => `n${index + 1}`);
    const config: Omit<RaftConfigInput, 'nodeId' | 'raftAddress'> = {
      ...SIMULATION_TIMING,
      ...settings.snapshots,
      snapshotIntervalMs: 0,
      preVote: settings.preVote,
      checkQuorum: settings.checkQuorum,
      initialMembers: ids.slice(0, settings.nodes).map((id) => ({ id, address: id })),
    };
    const diskRandom = createSeededRandom(seed * 11 + 7);
    const tornWrites = diskRandom() < 0.5;
    // Instant disks, fast SSD-like ones, and slow ones that keep writes in flight long enough for a
    // crash to land among them (what exposes an ack sent before fsync).
    const fsyncDelayMs = FSYNC_PROFILES[Math.floor(diskRandom() * FSYNC_PROFILES.length)]!;
    this.nodes = ids.map(
      (id, index) =>
        new SimNode(id, index, {
          clock: this.clock,
          network: this.network,
          config,
          seed,
          fsyncDelayMs,
          tornWrites,
          hooks: {
            onApplied: (nodeId, entry, stateDigest) =>
              this.raise(
                this.checker.recordApplied({
                  nodeId,
                  index: entry.index,
                  term: entry.term,
                  data: entry.data,
                  stateDigest,
                }),
              ),
            onRestored: (nodeId, index, stateDigest) => {
              this.restores += 1;
              this.raise(this.checker.recordRestored({ nodeId, index, stateDigest }));
            },
            onEvent: (text) => this.note(text),
            onFatal: (nodeId, error) => this.onFatal(nodeId, error),
            onCrashPoint: (nodeId, operation) => {
              this.note(`${nodeId} crashed right after its ${operation} became durable`);
              const node = this.nodes.find((candidate) => candidate.id === nodeId)!;
              this.injector.restartLater(node, SIMULATION_TIMING.electionTimeoutMs);
            },
          },
        }),
    );
    this.injector = new FaultInjector(
      {
        clock: this.clock,
        random: createSeededRandom(seed * 2 + 1),
        network: this.network,
        nodes: this.nodes,
        baseFaults: BASE_LINK_FAULTS,
        faultDurationMs: SIMULATION_TIMING.electionTimeoutMs * 3,
        electionTimeoutMs: SIMULATION_TIMING.electionTimeoutMs,
        initialMembers: settings.nodes,
        trace: (text) => this.note(text),
        fail: (reason) => this.report('safety', reason),
        acknowledge: (proposal) => this.acknowledge(proposal),
        snapshots: settings.snapshots,
      },
      settings.faults,
    );
    this.workload = new KvWorkload(
      {
        clock: this.clock,
        random: createSeededRandom(seed * 3 + 2),
        nodes: this.nodes,
        historyTime: () => this.historyTime(),
        onAcknowledged: (proposal) => this.acknowledge(proposal),
        trace: (text) => this.clientTrace.add(this.step, this.clock.now(), text),
        onError: (error) => this.report('error', `the client workload failed: ${describe(error)}`),
      },
      settings.workload,
    );
  }

  /** Adds a line to the trace. */
  note(text: string): void {
    this.trace.add(this.step, this.clock.now(), text);
  }

  /** Records an acknowledged proposal for the durability invariant. */
  acknowledge(proposal: AcknowledgedProposal): void {
    this.raise(this.checker.recordAcknowledged(proposal));
  }

  /** Fires one timer, then checks every invariant. Throws a {@link SimulationFailure} on a violation. */
  async runStep(): Promise<void> {
    const fired = await this.clock.step();
    if (!fired) this.fail('error', 'no timer left to fire: the simulation stalled');
    this.step += 1;
    this.raise(this.checker.check(observeCluster(this.nodes, this.step, this.clock.now())));
    this.throwPending();
  }

  /** Runs steps until `done()` holds; fails with a liveness failure at `deadlineMs`. */
  async runUntil(done: () => boolean, deadlineMs: number, what: string): Promise<void> {
    while (!done()) {
      if (this.clock.now() > deadlineMs) this.fail('liveness', `timed out waiting for ${what}`);
      await this.runStep();
    }
  }

  /** Checks the end-of-run invariants on a final observation. */
  checkFinal(): void {
    this.raise(this.checker.checkFinal(observeCluster(this.nodes, this.step, this.clock.now())));
    this.throwPending();
  }

  /** Throws a {@link SimulationFailure} with the seed and the recent trace. */
  fail(kind: SimulationFailureKind, reason: string, violation?: Violation): never {
    throw new SimulationFailure(
      this.settings.seed,
      kind,
      this.step,
      this.clock.now(),
      reason,
      [
        this.trace.render(),
        'last client requests:',
        this.clientTrace.render(),
        'cluster at failure:',
        renderCluster(observeCluster(this.nodes, this.step, this.clock.now())),
      ].join('\n'),
      violation,
    );
  }

  /** A strictly increasing time for the client history: equal virtual times are nudged apart in call order. */
  private historyTime(): number {
    const now = this.clock.now();
    this.lastHistoryTime = now > this.lastHistoryTime ? now : this.lastHistoryTime + 1e-6;
    return this.lastHistoryTime;
  }

  private onFatal(nodeId: string, error: Error): void {
    this.note(`${nodeId} stopped on a fatal error: ${error.message}`);
    const node = this.nodes.find((candidate) => candidate.id === nodeId)!;
    const incarnation = node.incarnation;
    // Out of the driver's listener: the process exits, and a supervisor restarts it a little later.
    this.clock.setTimeout(() => {
      if (node.incarnation !== incarnation || !node.alive) return;
      node.crash();
      this.injector.restartLater(node, SIMULATION_TIMING.electionTimeoutMs);
    }, 0);
  }

  private raise(violation: Violation | undefined): void {
    if (violation !== undefined && this.pending === undefined) {
      this.pending = { kind: 'safety', reason: renderViolation(violation), violation };
    }
  }

  /** Reports a failure from a callback; raised at the end of the step. */
  report(kind: SimulationFailureKind, reason: string): void {
    this.pending ??= { kind, reason };
  }

  private throwPending(): void {
    const pending = this.pending;
    if (pending !== undefined) this.fail(pending.kind, pending.reason, pending.violation);
  }
}

function describe(error: unknown): string {
  if (isRaftError(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
