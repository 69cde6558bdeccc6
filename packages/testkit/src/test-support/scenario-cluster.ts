import { checkKvLinearizability } from '../linearizability/check-linearizability.js';
import { encodeKvCommand, type KvResult } from '../sim/kv-command.js';
import type { SimNode } from '../sim/sim-node.js';
import { SIMULATION_TIMING, Simulation, type SimulationSnapshotSettings } from '../sim/simulation.js';

/** How a {@link ScenarioCluster} is set up. */
export interface ScenarioOptions {
  readonly seed?: number;
  /** Initial members. Default 3. */
  readonly nodes?: number;
  /** Machines started outside the cluster, to be added with `join`. Default 0. */
  readonly spareNodes?: number;
  /** Default true. */
  readonly preVote?: boolean;
  /** Default true. */
  readonly checkQuorum?: boolean;
  /** Clients of the background register workload (started with `startWorkload`). Default 4. */
  readonly clients?: number;
  /** Default: snapshots rarely (threshold 10 000), 1 KiB chunks. */
  readonly snapshots?: Partial<SimulationSnapshotSettings>;
}

/** How a request a scenario made ended. */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: unknown };

/** One election timeout of the simulated cluster, in ms. */
export const ELECTION_MS = SIMULATION_TIMING.electionTimeoutMs;

/**
 * A simulated cluster for named scenarios: the simulation's building blocks (real `RaftNode`s on a
 * virtual clock, memory network, simulated disks, every safety invariant checked after every step)
 * with no random faults and no background workload; the scenario injects its faults by hand.
 */
export class ScenarioCluster {
  readonly simulation: Simulation;
  private writes = 0;

  constructor(options: ScenarioOptions = {}) {
    const seed = options.seed ?? 1;
    this.simulation = new Simulation({
      seed,
      nodes: options.nodes ?? 3,
      spareNodes: options.spareNodes ?? 0,
      snapshots: {
        snapshotThreshold: 10_000,
        trailingLogs: 0,
        snapshotChunkBytes: 1024,
        ...options.snapshots,
      },
      faults: [],
      preVote: options.preVote ?? true,
      checkQuorum: options.checkQuorum ?? true,
      faultIntervalMs: 1_000_000,
      workload: {
        clients: options.clients ?? 4,
        keys: 3,
        requestTimeoutMs: 600,
        thinkTimeMs: [5, 60],
        readBarrierRate: 0.5,
      },
      traceEvents: 40,
    });
    for (const node of this.simulation.nodes) node.start();
  }

  get network() {
    return this.simulation.network;
  }

  get now(): number {
    return this.simulation.clock.now();
  }

  node(id: string): SimNode {
    const node = this.simulation.nodes.find((candidate) => candidate.id === id);
    if (node === undefined) throw new Error(`no node ${id}`);
    return node;
  }

  /** The running leader of the highest term, if any. */
  leader(): SimNode | undefined {
    let best: SimNode | undefined;
    for (const node of this.simulation.nodes) {
      if (!node.isRunning() || !node.node!.isLeader()) continue;
      if (best === undefined || node.node!.status().term > best.node!.status().term) best = node;
    }
    return best;
  }

  /** Runs the cluster for `ms` of virtual time, checking every invariant after every step. */
  async runFor(ms: number): Promise<void> {
    const until = this.now + ms;
    while (this.now < until) await this.simulation.runStep();
  }

  /** Runs until `done()` holds; throws (with the trace) after `timeoutMs`. */
  async runUntil(done: () => boolean, timeoutMs: number, what: string): Promise<void> {
    await this.simulation.runUntil(done, this.now + timeoutMs, what);
  }

  /** Runs until some node leads, and returns it. */
  async waitForLeader(timeoutMs = ELECTION_MS * 10): Promise<SimNode> {
    await this.runUntil(() => this.leader() !== undefined, timeoutMs, 'a leader');
    return this.leader()!;
  }

  /** Starts the background register workload (its history is checked for linearizability in `finish`). */
  startWorkload(): void {
    this.simulation.workload.start();
  }

  /** Stops the workload and runs until its outstanding requests have ended. */
  async stopWorkload(): Promise<void> {
    this.simulation.workload.stop();
    await this.runUntil(
      () => this.simulation.workload.outstanding() === 0,
      ELECTION_MS * 10,
      'requests to end',
    );
  }

  /** Runs for up to `ms` or until `promise` settles; returns how it ended, or undefined if it did not. */
  async settleWithin<T>(promise: Promise<T>, ms: number): Promise<Outcome<T> | undefined> {
    let outcome: Outcome<T> | undefined;
    promise.then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    const until = this.now + ms;
    while (outcome === undefined && this.now < until) await this.simulation.runStep();
    return outcome;
  }

  /** Runs until `promise` settles, and returns how it ended. */
  async settle<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<Outcome<T>> {
    let outcome: Outcome<T> | undefined;
    promise.then(
      (value) => {
        outcome = { ok: true, value };
      },
      (error: unknown) => {
        outcome = { ok: false, error };
      },
    );
    await this.runUntil(() => outcome !== undefined, timeoutMs, what);
    return outcome!;
  }

  /**
   * Proposes `key = value` on `via` (default: the leader) without waiting; an acknowledged write is
   * recorded for the durability invariant.
   */
  propose(key: string, value: string, via?: SimNode): Promise<KvResult> {
    const target = via ?? this.leader();
    if (target?.node === undefined) return Promise.reject(new Error('no node to propose on'));
    const data = encodeKvCommand({ op: 'put', id: `w${++this.writes}`, key, value });
    return (target.node.propose(data) as Promise<KvResult>).then((result) => {
      this.simulation.acknowledge({ index: result.index, term: result.term, data, nodeId: target.id });
      return result;
    });
  }

  /** Proposes and waits until the write is acknowledged; throws if it is not within a few timeouts. */
  async write(key: string, value: string, via?: SimNode): Promise<KvResult> {
    const outcome = await this.settle(this.propose(key, value, via), ELECTION_MS * 10, `write ${key}`);
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  /** Proposes `count` writes at once on the leader and waits for all of them. */
  async writeMany(count: number, key = 'bulk'): Promise<void> {
    const writes = Array.from({ length: count }, (_, k) => this.propose(key, `${k}`));
    const outcome = await this.settle(Promise.all(writes), ELECTION_MS * 20, `${count} writes`);
    if (!outcome.ok) throw outcome.error;
  }

  /** Whether every listed node runs and has applied the same state through at least `index`. */
  converged(ids: readonly string[], index: number): boolean {
    const nodes = ids.map((id) => this.node(id));
    if (!nodes.every((node) => node.isRunning() && node.node!.status().appliedIndex >= index)) return false;
    const fingerprint = nodes[0]!.stateMachine!.fingerprint();
    return nodes.every((node) => node.stateMachine!.fingerprint() === fingerprint);
  }

  /**
   * Ends the scenario: waits until every running member of the leader's configuration has applied
   * the leader's commit index, stops the machines outside it, checks the end-of-run invariants
   * (every acknowledged write applied everywhere) and the workload's linearizability, and stops
   * every node.
   */
  async finish(): Promise<void> {
    try {
      await this.runUntil(
        () => {
          const leader = this.leader()?.node;
          if (leader === undefined) return false;
          const { membership, commitIndex } = leader.status();
          return this.simulation.nodes.every(
            (node) =>
              !node.isRunning() ||
              !membership.members.some((member) => member.id === node.id) ||
              node.node!.status().appliedIndex >= commitIndex,
          );
        },
        ELECTION_MS * 20,
        'every member to apply the commit index',
      );
      const members = this.leader()!.node!.status().membership.members;
      for (const node of this.simulation.nodes) {
        if (!members.some((member) => member.id === node.id)) node.crash();
      }
      this.simulation.checkFinal();
      this.simulation.workload.abandonOutstanding();
      const linearizability = checkKvLinearizability(this.simulation.workload.history);
      if (!linearizability.ok) throw new Error(`not linearizable: ${linearizability.explanation}`);
    } finally {
      for (const node of this.simulation.nodes) node.crash();
    }
  }

  /** Stops every node without the final checks (for a scenario that already failed). */
  stop(): void {
    for (const node of this.simulation.nodes) node.crash();
  }
}
