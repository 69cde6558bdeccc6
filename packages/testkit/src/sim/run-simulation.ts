import { createSeededRandom, isRaftError } from '@raft/core';
import { checkKvLinearizability } from '../linearizability/check-linearizability.js';
import { FAULT_MIXES, MEMBERSHIP_FAULTS } from './fault-mix.js';
import { encodeKvCommand, type KvResult } from './kv-command.js';
import type { SimNode } from './sim-node.js';
import { SIMULATION_TIMING, Simulation, type SimulationSettings } from './simulation.js';
import type { SimulationOptions, SimulationResult } from './simulation-options.js';

/** How many election timeouts the healed cluster gets to elect a leader. */
const LEADER_TIMEOUTS = 8;

const DEFAULT_WORKLOAD = {
  clients: 4,
  keys: 3,
  requestTimeoutMs: 600,
  thinkTimeMs: [5, 60],
  readBarrierRate: 0.5,
} as const;

/**
 * Runs one deterministic simulation of a Raft cluster: real `RaftNode`s from `@raft/core` on a
 * virtual clock, a faulty in-memory network, simulated disks that lose unsynced writes on a crash,
 * and clients running a key-value register workload.
 *
 * 1. Faulty phase (`durationMs`): the workload runs while faults from the mix are injected and
 *    undone. After every step (every timer) all safety invariants are checked.
 * 2. Healing: every fault is undone. Within `livenessTimeoutMs` the cluster must agree on one
 *    leader, commit a fresh write, and converge (every node applied the same entries, identical state).
 * 3. The end-of-run durability check, and the linearizability check of the client history.
 *
 * The same options give the same run. On failure it throws a `SimulationFailure` naming the seed,
 * with a trace of the last events.
 */
export async function runSimulation(options: SimulationOptions): Promise<SimulationResult> {
  const settings = resolveSettings(options);
  const simulation = new Simulation(settings);
  const { clock, nodes, workload, injector } = simulation;
  const durationMs = options.durationMs ?? 5000;
  const maxSteps = options.maxSteps ?? Number.POSITIVE_INFINITY;
  const livenessTimeoutMs = options.livenessTimeoutMs ?? SIMULATION_TIMING.electionTimeoutMs * 30;

  try {
    for (const node of nodes) node.start();
    workload.start();
    scheduleFaults(simulation, durationMs);

    // 1. The faulty phase.
    while (clock.now() < durationMs && simulation.step < maxSteps) await simulation.runStep();

    // 2. Heal, then demand liveness.
    workload.stop();
    injector.healAll();
    const healedAt = clock.now();
    const deadline = healedAt + livenessTimeoutMs;
    // A leader must come within a few election timeouts (randomized in [1×, 2×) each, plus split votes).
    const leaderDeadline = Math.min(
      deadline,
      healedAt + SIMULATION_TIMING.electionTimeoutMs * LEADER_TIMEOUTS,
    );
    await simulation.runUntil(
      () => someLeader(nodes) !== undefined,
      leaderDeadline,
      'a leader after healing',
    );
    const leaderAfterHealMs = clock.now() - healedAt;
    const membership = restoreMembership(simulation);
    await simulation.runUntil(() => membership.done, deadline, 'every node to be a voting member again');
    // Requests still in flight end (answered or timed out) before convergence is judged: an
    // acknowledgement after it would raise the bar that every node must have applied.
    await simulation.runUntil(
      () => workload.outstanding() === 0,
      deadline,
      'outstanding client requests to end',
    );
    await simulation.runUntil(
      () => stableLeader(nodes) !== undefined,
      deadline,
      'a stable leader after healing',
    );
    const write = finalWrite(simulation);
    await simulation.runUntil(() => write.done, deadline, 'a write to commit after healing');
    await simulation.runUntil(() => converged(nodes, write.index), deadline, 'every node to converge');

    // 3. Durability at the end, and linearizability of what the clients saw.
    simulation.checkFinal();
    workload.abandonOutstanding();
    const linearizability = checkKvLinearizability(workload.history);
    if (!linearizability.ok) {
      simulation.fail(
        'linearizability',
        `the client history is not linearizable on key ${JSON.stringify(linearizability.key)}:\n${linearizability.explanation}`,
      );
    }
    return {
      seed: settings.seed,
      steps: simulation.step,
      virtualTimeMs: clock.now(),
      nodes: nodes.length,
      preVote: settings.preVote,
      snapshots: settings.snapshots,
      snapshotRestores: simulation.restores,
      checkQuorum: settings.checkQuorum,
      faults: Object.fromEntries(injector.injected),
      operations: { ...workload.counts },
      finalAppliedIndex: nodes[0]?.node?.status().appliedIndex ?? 0,
      leaderAfterHealMs,
      history: workload.history,
    };
  } catch (error) {
    if (error instanceof Error && error.name === 'SimulationFailure') throw error;
    return simulation.fail(
      'error',
      `unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
  } finally {
    // Stop every process so nothing keeps timers or promises alive after the run.
    for (const node of nodes) node.crash();
  }
}

function resolveSettings(options: SimulationOptions): SimulationSettings {
  const coin = createSeededRandom(options.seed * 13 + 5);
  const faults = options.faults ?? 'all';
  const kinds = typeof faults === 'string' ? FAULT_MIXES[faults as keyof typeof FAULT_MIXES] : faults;
  const preVote = options.preVote ?? coin() < 0.5;
  const checkQuorum = options.checkQuorum ?? coin() < 0.5;
  // Drawn after the coins above, so older seeds keep their pre-vote and check-quorum settings.
  const snapshots = {
    snapshotThreshold: 8 + Math.floor(coin() * 33),
    trailingLogs: Math.floor(coin() * 25),
    snapshotChunkBytes: 1024 * (1 + Math.floor(coin() * 4)),
    ...options.snapshots,
  };
  return {
    seed: options.seed,
    nodes: options.nodes ?? 3,
    spareNodes: options.spareNodes ?? (kinds.some((kind) => MEMBERSHIP_FAULTS.includes(kind)) ? 2 : 0),
    snapshots,
    faults: kinds,
    preVote,
    checkQuorum,
    faultIntervalMs: options.faultIntervalMs ?? 600,
    workload: { ...DEFAULT_WORKLOAD, ...options.workload },
    traceEvents: options.traceEvents ?? 50,
  };
}

/** Injects a fault every `faultIntervalMs` on average (uniform in [0.5×, 1.5×]) until `untilMs`. */
function scheduleFaults(simulation: Simulation, untilMs: number): void {
  const random = createSeededRandom(simulation.settings.seed * 17 + 9);
  const interval = simulation.settings.faultIntervalMs;
  const next = () => {
    simulation.clock.setTimeout(
      () => {
        if (simulation.clock.now() >= untilMs) return;
        simulation.injector.injectOne();
        next();
      },
      interval * (0.5 + random()),
    );
  };
  next();
}

/** The running leader of the highest term, if any. */
function someLeader(nodes: readonly SimNode[]): SimNode | undefined {
  let best: SimNode | undefined;
  for (const node of nodes) {
    if (!node.isRunning() || !node.node!.isLeader()) continue;
    if (best === undefined || node.node!.status().term > best.node!.status().term) best = node;
  }
  return best;
}

/**
 * Makes every node a voting member again (a membership fault may have left one removed), through
 * whichever node leads, retrying until the leader's membership lists every node as a voter.
 */
function restoreMembership(simulation: Simulation): { done: boolean } {
  const state = { done: false };
  let round = 0;
  const attempt = () => {
    const current = ++round;
    const retry = () => simulation.clock.setTimeout(attempt, SIMULATION_TIMING.electionTimeoutMs);
    const leader = someLeader(simulation.nodes);
    if (leader === undefined) {
      retry();
      return;
    }
    const members = leader.node!.status().membership.members;
    const missing = simulation.nodes.find(
      (node) => !members.some((member) => member.id === node.id && member.voter),
    );
    if (missing === undefined) {
      state.done = true;
      return;
    }
    simulation.note(`restoring ${missing.id} as a voter via ${leader.id}`);
    // An operator gives up on a call that hangs and tries again (a join through a leader that was
    // deposed can wait for its entry's slot indefinitely: see membership-after-leadership-loss.test.ts).
    simulation.clock.setTimeout(() => {
      if (round !== current) return;
      simulation.note(`restoring ${missing.id} via ${leader.id} did not settle; trying again`);
      attempt();
    }, SIMULATION_TIMING.electionTimeoutMs * 5);
    leader.node!.join(missing.id, missing.id).then(
      () => {
        if (round === current) attempt();
      },
      (error: unknown) => {
        if (round !== current) return;
        simulation.note(`restoring ${missing.id} failed: ${isRaftError(error) ? error.code : String(error)}`);
        retry();
      },
    );
  };
  attempt();
  return state;
}

/** The leader every running node agrees on, if all nodes run and agree. */
function stableLeader(nodes: readonly SimNode[]): SimNode | undefined {
  if (!nodes.every((node) => node.isRunning())) return undefined;
  const leaders = nodes.filter((node) => node.node?.isLeader());
  if (leaders.length !== 1) return undefined;
  const leader = leaders[0]!;
  const term = leader.node!.status().term;
  const agreed = nodes.every((node) => {
    const status = node.node!.status();
    return status.leaderId === leader.id && status.term === term;
  });
  return agreed ? leader : undefined;
}

/** Whether every node runs and has applied the same entries, through at least `minimumIndex`. */
function converged(nodes: readonly SimNode[], minimumIndex: number): boolean {
  if (!nodes.every((node) => node.isRunning())) return false;
  const applied = nodes.map((node) => node.node!.status().appliedIndex);
  const commit = Math.max(...nodes.map((node) => node.node!.status().commitIndex));
  if (applied.some((index) => index !== commit || index < minimumIndex)) return false;
  const fingerprint = nodes[0]!.stateMachine!.fingerprint();
  return nodes.every((node) => node.stateMachine!.fingerprint() === fingerprint);
}

/** Proposes one write on the leader after healing, retrying until it is acknowledged. */
function finalWrite(simulation: Simulation): { done: boolean; index: number } {
  const state = { done: false, index: 0 };
  const attempt = (round: number) => {
    const leader = simulation.nodes.find((node) => node.isRunning() && node.node!.isLeader());
    const data = encodeKvCommand({
      op: 'put',
      id: `liveness-${round}`,
      key: 'liveness',
      value: `round ${round}`,
    });
    const retry = () =>
      simulation.clock.setTimeout(() => attempt(round + 1), SIMULATION_TIMING.electionTimeoutMs);
    if (leader === undefined) {
      retry();
      return;
    }
    leader.node!.propose(data).then(
      (result: unknown) => {
        const { index, term } = result as KvResult;
        simulation.acknowledge({ index, term, data, nodeId: leader.id });
        simulation.note(`liveness write committed at index ${index} via ${leader.id}`);
        state.done = true;
        state.index = index;
      },
      (error: unknown) => {
        simulation.note(
          `liveness write via ${leader.id} failed: ${isRaftError(error) ? error.code : String(error)}`,
        );
        retry();
      },
    );
  };
  attempt(1);
  return state;
}
