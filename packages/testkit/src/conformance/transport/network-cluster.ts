import {
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  type LogStore,
  type Message,
  type MessageHandler,
  type RaftConfigInput,
  type RaftNode,
  type SnapshotInstalledEvent,
  type SnapshotStore,
  type StableStore,
  type Transport,
} from '@raft/core';
import { ClusterStateMachine } from './cluster-state-machine.js';
import type { TransportClusterFactory, TransportClusterNode } from './transport-cluster-factory.js';
import { retrying, waitFor } from './wait-for.js';

/** Fast real-time timings: a 5 ms tick, heartbeats every 20 ms, elections after 100 to 200 ms. */
export const FAST_TIMING = { tickIntervalMs: 5, heartbeatTimeoutMs: 20, electionTimeoutMs: 100 } as const;

/** Config a test may override (identity and membership are the cluster's). */
export type ClusterConfig = Partial<Omit<RaftConfigInput, 'nodeId' | 'raftAddress' | 'initialMembers'>>;

/** A transport that is already listening, as the node sees it. */
interface ListeningTransport extends Transport {
  readonly address: string;
}

/** One node of a {@link NetworkCluster}: its stores outlive restarts, the rest is replaced. */
export interface ClusterMember {
  readonly id: string;
  /** Where peers reach it, the same across restarts. */
  readonly address: string;
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  node: RaftNode;
  transport: ListeningTransport;
  stateMachine: ClusterStateMachine;
  running: boolean;
  /** Every `snapshot-installed` event, across restarts. */
  readonly snapshotsInstalled: SnapshotInstalledEvent[];
}

/**
 * Starts the factory's transport before the node does, so its address (an ephemeral port) is known
 * when the cluster's config is written; the node's own `start(handler)` then only connects the
 * handler. Everything else passes through (the node still sets the peers and closes the transport).
 */
async function listenEarly(created: TransportClusterNode): Promise<ListeningTransport> {
  const { transport } = created;
  let handler: MessageHandler | undefined;
  await transport.start((message: Message) => handler?.(message));
  const address = created.address();
  return {
    address,
    async start(nodeHandler) {
      handler = nodeHandler;
    },
    send: (messages) => transport.send(messages),
    setPeers: (peers) => transport.setPeers(peers),
    async close() {
      handler = undefined;
      await transport.close();
    },
  };
}

/**
 * Real `RaftNode`s in this process on memory stores, talking over the transport under test with
 * real timers. Each keeps its address when restarted.
 */
export class NetworkCluster {
  readonly members = new Map<string, ClusterMember>();
  /** The transports created so far (every generation), for their stats. */
  readonly transports: TransportClusterNode[] = [];
  private initialMembers: readonly { readonly id: string; readonly address: string }[] = [];

  private constructor(
    private readonly factory: TransportClusterFactory,
    private readonly config: ClusterConfig,
  ) {}

  /** Starts a cluster of `ids` (default three nodes) and waits for nothing. */
  static async start(
    factory: TransportClusterFactory,
    config: ClusterConfig = {},
    ids: readonly string[] = ['n1', 'n2', 'n3'],
  ): Promise<NetworkCluster> {
    const cluster = new NetworkCluster(factory, config);
    const transports = await Promise.all(ids.map((id) => cluster.listen(id, undefined)));
    cluster.initialMembers = ids.map((id, k) => ({ id, address: transports[k]!.address }));
    ids.forEach((id, k) => {
      cluster.members.set(id, cluster.newMember(id, transports[k]!));
    });
    await Promise.all([...cluster.members.values()].map((member) => cluster.startNode(member)));
    return cluster;
  }

  member(id: string): ClusterMember {
    const member = this.members.get(id);
    if (member === undefined) throw new Error(`no cluster member ${id}`);
    return member;
  }

  running(): ClusterMember[] {
    return [...this.members.values()].filter((member) => member.running);
  }

  /** Waits until exactly one running node leads and every running node knows it; returns it. */
  async leader(timeoutMs = 5000): Promise<ClusterMember> {
    let leaders: ClusterMember[] = [];
    await waitFor(
      () => {
        leaders = this.running().filter((member) => member.node.isLeader());
        const leaderId = leaders[0]?.id;
        return leaders.length === 1 && this.running().every((member) => member.node.leader() === leaderId);
      },
      timeoutMs,
      () =>
        `one leader known to all: ${this.running()
          .map((member) => `${member.id}=${member.node.state()}(leader ${member.node.leader()})`)
          .join(', ')}`,
    );
    return leaders[0]!;
  }

  /** The running nodes that do not lead. */
  followers(): ClusterMember[] {
    return this.running().filter((member) => !member.node.isLeader());
  }

  /**
   * Proposes `data` on the current leader, retrying (on whichever node leads then) if leadership
   * moved meanwhile: a stalled event loop can cost a 100 ms election timeout. Only for idempotent
   * commands, since a retried proposal may commit twice.
   */
  async propose(data: Uint8Array, timeoutMs = 5000): Promise<unknown> {
    return retrying(async () => (await this.leader()).node.propose(data), timeoutMs);
  }

  /** Waits until every running node's state machine equals `reference`'s. */
  async converged(reference: ClusterMember, timeoutMs = 5000): Promise<void> {
    await waitFor(
      () =>
        this.running().every(
          (member) => member.stateMachine.fingerprint() === reference.stateMachine.fingerprint(),
        ),
      timeoutMs,
      () =>
        `state machines equal to ${reference.id}'s (${reference.stateMachine.values.size} keys): ${this.running()
          .map(
            (member) =>
              `${member.id} has ${member.stateMachine.values.size} keys, applied ${member.node.status().appliedIndex}`,
          )
          .join('; ')}`,
    );
  }

  /**
   * Starts a brand-new node `id` on empty stores, outside the configuration: its `initialMembers`
   * name the existing members (not itself), so it does not bootstrap and waits to be joined.
   */
  async addMember(id: string): Promise<ClusterMember> {
    const member = this.newMember(id, await this.listen(id, undefined));
    this.members.set(id, member);
    await this.startNode(member);
    return member;
  }

  /** Stops node `id` (which closes its transport); its stores stay. */
  async stopMember(id: string): Promise<void> {
    const member = this.member(id);
    member.running = false;
    await member.node.stop();
  }

  /** Starts a new node for `id` on its old stores and address, with an empty state machine. */
  async restartMember(id: string): Promise<ClusterMember> {
    const member = this.member(id);
    if (member.running) await this.stopMember(id);
    member.transport = await this.listen(id, member.address);
    member.stateMachine = new ClusterStateMachine();
    member.node = this.createNode(member);
    await this.startNode(member);
    return member;
  }

  /** Stops every node, then closes the stores. */
  async stop(): Promise<void> {
    const members = [...this.members.values()];
    await Promise.allSettled(members.map((member) => this.stopMember(member.id)));
    // Transports whose node never started are not closed by a node.
    await Promise.allSettled(this.transports.map((created) => created.transport.close()));
    await Promise.allSettled(
      members.flatMap((member) => [
        member.logStore.close(),
        member.stableStore.close(),
        member.snapshotStore.close(),
      ]),
    );
  }

  /** A member on fresh memory stores, its node created but not started. */
  private newMember(id: string, transport: ListeningTransport): ClusterMember {
    const parts = {
      id,
      address: transport.address,
      logStore: createMemoryLogStore(),
      stableStore: createMemoryStableStore(),
      snapshotStore: createMemorySnapshotStore(),
      transport,
      stateMachine: new ClusterStateMachine(),
      snapshotsInstalled: [],
    };
    return { ...parts, node: this.createNode(parts), running: false };
  }

  private async listen(id: string, address: string | undefined): Promise<ListeningTransport> {
    const created = await this.factory.createNode(id, address === undefined ? {} : { address });
    this.transports.push(created);
    return listenEarly(created);
  }

  private createNode(member: Omit<ClusterMember, 'node' | 'running'>): RaftNode {
    const node = createRaftNode({
      config: {
        nodeId: member.id,
        raftAddress: member.address,
        // A restarted node's stores hold state, so it recovers from them and ignores this.
        initialMembers: this.initialMembers,
        ...FAST_TIMING,
        ...this.config,
      },
      logStore: member.logStore,
      stableStore: member.stableStore,
      snapshotStore: member.snapshotStore,
      transport: member.transport,
      stateMachine: member.stateMachine,
    });
    node.on('snapshot-installed', (event) => member.snapshotsInstalled.push(event));
    return node;
  }

  private async startNode(member: ClusterMember): Promise<void> {
    await member.node.start();
    member.running = true;
  }
}
