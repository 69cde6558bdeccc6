import type { RaftConfigInput } from '../../config/raft-config.js';
import type { LogStore } from '../../interfaces/log-store.js';
import type { SnapshotStore } from '../../interfaces/snapshot-store.js';
import type { StableStore } from '../../interfaces/stable-store.js';
import { createMemoryLogStore } from '../../memory/memory-log-store.js';
import { createMemorySnapshotStore } from '../../memory/memory-snapshot-store.js';
import { createMemoryStableStore } from '../../memory/memory-stable-store.js';
import { createSeededRandom } from '../../util/seeded-random.js';
import { createRaftNode } from '../create-raft-node.js';
import type { RaftNode } from '../raft-node.js';
import { LoopbackNetwork, type LoopbackTransport } from './loopback-network.js';
import { ManualClock } from './manual-clock.js';
import { RecordingStateMachine } from './recording-state-machine.js';

/** Fast timings for tests: a 10 ms tick, a heartbeat every tick, elections after 10 to 19 ticks. */
export const TEST_TIMING = { tickIntervalMs: 10, heartbeatTimeoutMs: 10, electionTimeoutMs: 100 } as const;

/** One node of a {@link TestCluster} and everything it was built from. */
export interface TestNode {
  readonly id: string;
  readonly node: RaftNode;
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  readonly stateMachine: RecordingStateMachine;
  readonly transport: LoopbackTransport;
}

/** Stores to use instead of fresh memory stores (to wrap one, or to restart on old ones). */
export interface TestNodeStores {
  readonly logStore?: LogStore;
  readonly stableStore?: StableStore;
  readonly snapshotStore?: SnapshotStore;
}

/** Lets every pending microtask run (message deliveries, store writes, loop iterations). */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Whole clusters of real `RaftNode`s in one process, on a {@link ManualClock} and a
 * {@link LoopbackNetwork}, with memory stores: time moves only when the test ticks it.
 */
export class TestCluster {
  readonly clock = new ManualClock();
  readonly network = new LoopbackNetwork();
  readonly nodes = new Map<string, TestNode>();
  private nextSeed = 1;

  constructor(
    /** The initial members (each bootstraps the cluster on first start). */
    readonly initialIds: readonly string[],
    private readonly configOverrides: Partial<Omit<RaftConfigInput, 'nodeId'>> = {},
  ) {}

  /** Creates node `id` (not started). Nodes outside `initialIds` start empty and wait to be joined. */
  add(id: string, stores: TestNodeStores = {}, stateMachine = new RecordingStateMachine()): TestNode {
    const transport = this.network.createTransport(id);
    const logStore = stores.logStore ?? createMemoryLogStore();
    const stableStore = stores.stableStore ?? createMemoryStableStore();
    const snapshotStore = stores.snapshotStore ?? createMemorySnapshotStore();
    const node = createRaftNode({
      config: {
        nodeId: id,
        ...TEST_TIMING,
        initialMembers: this.initialIds.map((member) => ({ id: member, address: `loopback://${member}` })),
        raftAddress: `loopback://${id}`,
        ...this.configOverrides,
      },
      logStore,
      stableStore,
      snapshotStore,
      transport,
      stateMachine,
      clock: this.clock,
      random: createSeededRandom(this.nextSeed++),
    });
    const testNode: TestNode = { id, node, logStore, stableStore, snapshotStore, stateMachine, transport };
    this.nodes.set(id, testNode);
    return testNode;
  }

  /** Creates and starts every initial member. */
  async start(): Promise<void> {
    for (const id of this.initialIds) if (!this.nodes.has(id)) this.add(id);
    await Promise.all([...this.nodes.values()].map((member) => member.node.start()));
  }

  /** The node with this id. */
  get(id: string): TestNode {
    const member = this.nodes.get(id);
    if (member === undefined) throw new Error(`no test node ${id}`);
    return member;
  }

  /** Moves the clock `count` ticks, letting everything that follows from each tick happen. */
  async tick(count = 1): Promise<void> {
    for (let tick = 0; tick < count; tick++) {
      this.clock.advance(TEST_TIMING.tickIntervalMs);
      await settle();
    }
  }

  /** Ticks until `condition()` holds; fails the test after `maxTicks`. */
  async until(condition: () => boolean, maxTicks = 1000): Promise<void> {
    await settle();
    for (let tick = 0; tick < maxTicks; tick++) {
      if (condition()) return;
      await this.tick();
    }
    if (!condition()) throw new Error(`condition not met within ${maxTicks} ticks`);
  }

  /** Ticks until `promise` settles, then returns it (so `await expect(...).rejects` works). */
  async settled<T>(promise: Promise<T>, maxTicks = 1000): Promise<T> {
    let done = false;
    promise.then(
      () => {
        done = true;
      },
      () => {
        done = true;
      },
    );
    await this.until(() => done, maxTicks);
    return promise;
  }

  /** The running nodes that believe they lead. */
  leaders(): TestNode[] {
    return [...this.nodes.values()].filter((member) => member.node.isLeader());
  }

  /** Ticks until exactly one leader is known to every running node; returns it. */
  async electLeader(maxTicks = 1000): Promise<TestNode> {
    await this.until(() => {
      const leaders = this.leaders();
      if (leaders.length !== 1) return false;
      const leaderId = leaders[0]!.id;
      return [...this.nodes.values()].every(
        (member) => member.node.state() === 'stopped' || member.node.leader() === leaderId,
      );
    }, maxTicks);
    return this.leaders()[0]!;
  }

  /** Stops node `id` and starts a new node on its stores with a fresh state machine. */
  async restart(id: string): Promise<TestNode> {
    const old = this.get(id);
    await old.node.stop();
    const restarted = this.add(id, old);
    await restarted.node.start();
    return restarted;
  }

  /** Stops every node. */
  async stop(): Promise<void> {
    await Promise.all([...this.nodes.values()].map((member) => member.node.stop()));
  }
}
