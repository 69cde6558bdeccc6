import {
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  createSeededRandom,
  isRaftError,
  type RaftNode,
  systemClock,
} from '@raft/core';
import { createMemoryNetwork } from '@raft/transport-memory';
import { CounterStateMachine, encodeIncrement } from './counter-state-machine.js';

/** How {@link runExampleCluster} runs. */
export interface ExampleClusterOptions {
  /** How many increment commands to replicate. */
  readonly commands: number;
  /** Of every `followerEvery` commands, one is proposed on a follower (and forwarded to the leader). */
  readonly followerEvery: number;
  /** How many proposals are in flight at once. */
  readonly concurrency: number;
  /** Seeds the network's and the nodes' randomness. */
  readonly seed: number;
  /** Gives up waiting for a leader, for convergence or for one proposal after this long, in ms. */
  readonly timeoutMs: number;
  /** Where progress lines go. */
  readonly log: (line: string) => void;
}

/** One node's state at the end of a run. */
export interface NodeReport {
  readonly id: string;
  readonly role: string;
  readonly term: number;
  readonly commitIndex: number;
  readonly appliedIndex: number;
  /** The counters' fingerprint: equal on nodes that applied the same commands. */
  readonly digest: string;
  /** The sum of every counter. */
  readonly total: number;
}

/** What {@link runExampleCluster} observed. */
export interface ExampleClusterResult {
  readonly leaderId: string;
  /** Commands whose `propose` resolved. */
  readonly acknowledged: number;
  /** Commands proposed on a follower. */
  readonly viaFollower: number;
  /** Proposals retried after a `NotLeaderError` or `ProposalDroppedError` (nothing had been appended). */
  readonly retries: number;
  /**
   * Commands whose outcome is unknown (`OutcomeUnknownError`: leadership changed while they were
   * in flight). They may or may not have been applied; they are not retried, since a retry could
   * apply them twice.
   */
  readonly unknown: number;
  /** The sum of all acknowledged increments: what a linearizable read must see at least. */
  readonly expectedTotal: number;
  /** The sum of the increments with an unknown outcome: the most a read may see beyond `expectedTotal`. */
  readonly unknownTotal: number;
  /** The total the leader's state machine held after `read()` resolved. */
  readonly readTotal: number;
  /** The total a follower's state machine held after its own `read()` resolved. */
  readonly followerReadTotal: number;
  readonly nodes: readonly NodeReport[];
  /** Whether every node applied the same index and holds the same state, and reads saw every write. */
  readonly agreed: boolean;
  readonly elapsedMs: number;
}

/** The defaults `pnpm start` uses. */
export const defaultExampleClusterOptions: ExampleClusterOptions = {
  commands: 300,
  followerEvery: 3,
  concurrency: 16,
  seed: 1,
  timeoutMs: 15_000,
  log: (line) => console.log(line),
};

const NODE_IDS = ['n1', 'n2', 'n3'] as const;
const KEYS = ['apples', 'pears', 'plums', 'cherries', 'figs'] as const;

interface ClusterMember {
  readonly id: string;
  readonly node: RaftNode;
  readonly stateMachine: CounterStateMachine;
  readonly stores: readonly { close(): Promise<void> }[];
}

/**
 * Starts a 3-node Raft cluster in this process (memory transport on the system clock, memory
 * stores, a counter state machine), waits for a leader, replicates `commands` increments (some
 * proposed on followers), performs linearizable reads, waits until every node has applied
 * everything and compares their state. Always stops the nodes before returning.
 */
export async function runExampleCluster(
  overrides: Partial<ExampleClusterOptions> = {},
): Promise<ExampleClusterResult> {
  const options: ExampleClusterOptions = { ...defaultExampleClusterOptions, ...overrides };
  const { log } = options;
  const startedAt = performance.now();
  const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(options.seed) });
  const initialMembers = NODE_IDS.map((id) => ({ id, address: id }));

  const members: ClusterMember[] = NODE_IDS.map((id, position) => {
    const stateMachine = new CounterStateMachine();
    const logStore = createMemoryLogStore();
    const stableStore = createMemoryStableStore();
    const snapshotStore = createMemorySnapshotStore();
    const node = createRaftNode({
      config: {
        nodeId: id,
        raftAddress: id,
        initialMembers,
        // Everything is in one process: a fast heartbeat and election timeout make the demo snappy.
        tickIntervalMs: 10,
        heartbeatTimeoutMs: 50,
        electionTimeoutMs: 300,
      },
      logStore,
      stableStore,
      snapshotStore,
      transport: network.createTransport(id),
      stateMachine,
      clock: systemClock,
      random: createSeededRandom(options.seed * 31 + position),
    });
    return { id, node, stateMachine, stores: [logStore, stableStore, snapshotStore] };
  });

  try {
    await Promise.all(members.map((member) => member.node.start()));
    log(`started ${members.length} nodes: ${NODE_IDS.join(', ')}`);

    const leader = await waitFor(
      () => members.find((member) => member.node.isLeader()),
      options.timeoutMs,
      'a leader to be elected',
    );
    log(`leader elected: ${leader.id} (term ${leader.node.status().term}) after ${since(startedAt)} ms`);

    const counts = {
      acknowledged: 0,
      viaFollower: 0,
      retries: 0,
      unknown: 0,
      expectedTotal: 0,
      unknownTotal: 0,
    };
    let next = 0;
    const proposer = async (): Promise<void> => {
      while (next < options.commands) {
        const sequence = next++;
        const onFollower = sequence % options.followerEvery === options.followerEvery - 1;
        const command = { key: KEYS[sequence % KEYS.length]!, amount: (sequence % 7) + 1 };
        const target = pickProposer(members, onFollower, sequence);
        if (onFollower && !target.node.isLeader()) counts.viaFollower += 1;
        const outcome = await proposeWithRetry(
          members,
          target,
          encodeIncrement(command),
          options.timeoutMs,
          () => {
            counts.retries += 1;
          },
        );
        if (outcome === 'applied') {
          counts.acknowledged += 1;
          counts.expectedTotal += command.amount;
        } else {
          counts.unknown += 1;
          counts.unknownTotal += command.amount;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, proposer));
    log(
      `replicated ${counts.acknowledged} commands (${counts.viaFollower} forwarded from followers, ` +
        `${counts.retries} retries, ${counts.unknown} with unknown outcome) after ${since(startedAt)} ms`,
    );

    // Linearizable reads (ReadIndex): once read() resolves, the local state reflects every write
    // acknowledged before the call, on the leader and on a follower alike.
    const currentLeader = members.find((member) => member.node.isLeader()) ?? leader;
    await currentLeader.node.read();
    const readTotal = currentLeader.stateMachine.total();
    const follower = members.find((member) => member !== currentLeader)!;
    await follower.node.read();
    const followerReadTotal = follower.stateMachine.total();
    log(
      `linearizable read on ${currentLeader.id}: total ${readTotal}; on follower ${follower.id}: ` +
        `total ${followerReadTotal} (expected ${counts.expectedTotal}` +
        `${counts.unknownTotal > 0 ? ` to ${counts.expectedTotal + counts.unknownTotal}` : ''})`,
    );

    // Every node applies everything the leader committed (heartbeats carry the commit index).
    const targetIndex = currentLeader.node.status().commitIndex;
    await waitFor(
      () => members.every((member) => member.node.status().appliedIndex >= targetIndex) || undefined,
      options.timeoutMs,
      `every node to apply index ${targetIndex}`,
    ).catch((error: unknown) => log(String(error)));

    const nodes = members.map((member) => report(member));
    // A read must see every acknowledged write, and may see some of those with an unknown outcome.
    const plausible = (total: number) =>
      total >= counts.expectedTotal && total <= counts.expectedTotal + counts.unknownTotal;
    const agreed =
      nodes.every(
        (node) =>
          node.digest === nodes[0]!.digest &&
          node.appliedIndex === nodes[0]!.appliedIndex &&
          plausible(node.total),
      ) &&
      plausible(readTotal) &&
      plausible(followerReadTotal);

    return {
      leaderId: currentLeader.id,
      ...counts,
      readTotal,
      followerReadTotal,
      nodes,
      agreed,
      elapsedMs: since(startedAt),
    };
  } finally {
    await Promise.allSettled(members.map((member) => member.node.stop()));
    // The node owns its transport but not its stores: close them once it has stopped.
    await Promise.allSettled(members.flatMap((member) => member.stores.map((store) => store.close())));
  }
}

/** Formats the nodes' states as a table. */
export function formatReport(nodes: readonly NodeReport[]): string {
  const header = ['node', 'role', 'term', 'commit', 'applied', 'total', 'digest'];
  const rows = nodes.map((node) => [
    node.id,
    node.role,
    String(node.term),
    String(node.commitIndex),
    String(node.appliedIndex),
    String(node.total),
    node.digest,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => row[column]!.length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

function report(member: ClusterMember): NodeReport {
  const status = member.node.status();
  return {
    id: member.id,
    role: member.node.state(),
    term: status.term,
    commitIndex: status.commitIndex,
    appliedIndex: status.appliedIndex,
    digest: member.stateMachine.digest(),
    total: member.stateMachine.total(),
  };
}

/** The leader, or (for `onFollower`) one of the followers in turn; falls back to any node. */
function pickProposer(
  members: readonly ClusterMember[],
  onFollower: boolean,
  sequence: number,
): ClusterMember {
  const matches = members.filter((member) => member.node.isLeader() !== onFollower);
  return matches[sequence % Math.max(1, matches.length)] ?? members[0]!;
}

/**
 * Proposes `data` on `target`. Retries on the current leader when the error says nothing was
 * committed (`NotLeaderError`, `ProposalDroppedError`); gives up on `OutcomeUnknownError`, where a
 * retry could apply the command twice, and reports `'unknown'`. Any other error is thrown.
 */
async function proposeWithRetry(
  members: readonly ClusterMember[],
  target: ClusterMember,
  data: Uint8Array,
  timeoutMs: number,
  onRetry: () => void,
): Promise<'applied' | 'unknown'> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      await target.node.propose(data);
      return 'applied';
    } catch (error) {
      if (isRaftError(error, 'ERR_RAFT_OUTCOME_UNKNOWN')) return 'unknown';
      const retryable =
        isRaftError(error, 'ERR_RAFT_NOT_LEADER') || isRaftError(error, 'ERR_RAFT_PROPOSAL_DROPPED');
      if (!retryable || performance.now() > deadline) throw error;
      onRetry();
      await sleep(20);
      target = members.find((member) => member.node.isLeader()) ?? target;
    }
  }
}

/** Polls `probe` every 10 ms until it returns a value; rejects after `timeoutMs`. */
async function waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(10);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function since(startedAt: number): number {
  return Math.round(performance.now() - startedAt);
}
