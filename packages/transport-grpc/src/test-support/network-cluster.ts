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
import { KvStateMachine } from './kv-state-machine.js';

/** A network transport: where it listens is known once started. */
export interface ListeningTransport extends Transport {
  readonly address: string;
}

/** Creates node `nodeId`'s transport, listening on 127.0.0.1:`port` (0: any free port). */
export type ClusterTransportFactory<T extends ListeningTransport = ListeningTransport> = (
  nodeId: string,
  port: number,
) => T;

/** Fast real-time timings: a 5 ms tick, heartbeats every 20 ms, elections after 100 to 200 ms. */
export const FAST_TIMING = { tickIntervalMs: 5, heartbeatTimeoutMs: 20, electionTimeoutMs: 100 } as const;

/** Config a test may override (identity and membership are the cluster's). */
export type ClusterConfig = Partial<Omit<RaftConfigInput, 'nodeId' | 'raftAddress' | 'initialMembers'>>;

/** One node of a {@link NetworkCluster}: its stores outlive restarts, the rest is replaced. */
export interface ClusterMember {
  readonly id: string;
  /** `127.0.0.1:port`, the same across restarts. */
  readonly address: string;
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  node: RaftNode;
  transport: ListeningTransport;
  stateMachine: KvStateMachine;
  running: boolean;
  /** Every `snapshot-installed` event, across restarts. */
  readonly snapshotsInstalled: SnapshotInstalledEvent[];
}

/** Polls `condition` every 5 ms; fails with `description()` if it does not hold within `timeoutMs`. */
export async function waitFor(
  condition: () => boolean,
  description: () => string,
  timeoutMs = 5000,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms: ${description()}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Runs `operation` until it resolves, retrying every 20 ms; rethrows its last error after `timeoutMs`. */
export async function retrying<T>(operation: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (performance.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

/**
 * Starts `transport` before the node does, so its ephemeral port is known when the cluster's
 * config is written; the node's own `start(handler)` then only connects the handler. Everything
 * else passes through (the node still sets the peers and closes the transport).
 */
async function listenEarly(transport: ListeningTransport): Promise<ListeningTransport> {
  let handler: MessageHandler | undefined;
  await transport.start((message: Message) => handler?.(message));
  return {
    get address() {
      return transport.address;
    },
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
 * Real `RaftNode`s in this process on memory stores, talking over a network transport on
 * 127.0.0.1 with real timers. Each keeps its address (port) when restarted.
 */
export class NetworkCluster<T extends ListeningTransport = ListeningTransport> {
  readonly members = new Map<string, ClusterMember>();
  /** The raw transports created so far (every generation), for their stats. */
  readonly transports: T[] = [];
  private initialMembers: readonly { readonly id: string; readonly address: string }[] = [];

  private constructor(
    private readonly factory: ClusterTransportFactory<T>,
    private readonly config: ClusterConfig,
  ) {}

  /** Starts a cluster of `ids` (default three nodes) and waits for nothing. */
  static async start<T extends ListeningTransport>(
    factory: ClusterTransportFactory<T>,
    config: ClusterConfig = {},
    ids: readonly string[] = ['n1', 'n2', 'n3'],
  ): Promise<NetworkCluster<T>> {
    const cluster = new NetworkCluster(factory, config);
    const transports = await Promise.all(ids.map((id) => cluster.listen(id, 0)));
    cluster.initialMembers = ids.map((id, k) => ({ id, address: transports[k]!.address }));
    ids.forEach((id, k) => {
      const transport = transports[k]!;
      const parts = {
        id,
        address: transport.address,
        logStore: createMemoryLogStore(),
        stableStore: createMemoryStableStore(),
        snapshotStore: createMemorySnapshotStore(),
        transport,
        stateMachine: new KvStateMachine(),
        snapshotsInstalled: [],
      };
      cluster.members.set(id, { ...parts, node: cluster.createNode(parts), running: false });
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
      () =>
        `one leader known to all: ${this.running()
          .map((member) => `${member.id}=${member.node.state()}(leader ${member.node.leader()})`)
          .join(', ')}`,
      timeoutMs,
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
      () =>
        `state machines equal to ${reference.id}'s (${reference.stateMachine.values.size} keys): ${this.running()
          .map(
            (member) =>
              `${member.id} has ${member.stateMachine.values.size} keys, applied ${member.node.status().appliedIndex}`,
          )
          .join('; ')}`,
      timeoutMs,
    );
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
    const port = Number(member.address.slice(member.address.lastIndexOf(':') + 1));
    member.transport = await this.listen(id, port);
    member.stateMachine = new KvStateMachine();
    member.node = this.createNode(member);
    await this.startNode(member);
    return member;
  }

  /** Stops every node, then closes the stores. */
  async stop(): Promise<void> {
    const members = [...this.members.values()];
    await Promise.allSettled(members.map((member) => this.stopMember(member.id)));
    // Transports whose node never started are not closed by a node.
    await Promise.allSettled(this.transports.map((transport) => transport.close()));
    await Promise.allSettled(
      members.flatMap((member) => [
        member.logStore.close(),
        member.stableStore.close(),
        member.snapshotStore.close(),
      ]),
    );
  }

  private async listen(id: string, port: number): Promise<ListeningTransport> {
    const transport = this.factory(id, port);
    this.transports.push(transport);
    return listenEarly(transport);
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
