import {
  type AppliedEntry,
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  createSeededRandom,
  type LogStore,
  type RaftNode,
  type SnapshotStore,
  type StableStore,
  type StateMachine,
  systemClock,
  type Transport,
} from '@raft/core';
import { createMemoryNetwork } from '@raft/transport-memory';

/** A state machine that does nothing: the benchmark measures replication, not the application. */
export class NoopStateMachine implements StateMachine {
  applied = 0;

  apply(_entry: AppliedEntry): undefined {
    this.applied += 1;
    return undefined;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    return (async function* () {})();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const _chunk of chunks) {
      // A no-op state machine has no state to restore.
    }
  }
}

/** A running benchmark cluster. */
export interface BenchCluster {
  readonly nodes: readonly RaftNode[];
  /** Waits for a leader and returns it. */
  leader(timeoutMs?: number): Promise<RaftNode>;
  stop(): Promise<void>;
}

/** A node's transport, already listening, and the address its peers reach it at. */
export interface ListeningTransport {
  /** Its `start(handler)` only connects the handler; `close` closes the real transport. */
  readonly transport: Transport;
  readonly address: string;
}

/** Where a bench cluster's transports come from. */
export interface BenchClusterOptions {
  /**
   * Creates node `id`'s transport. Default: the memory transport on the system clock, one network
   * seeded with the cluster's seed, each node's address its id.
   */
  readonly listen?: (id: string) => Promise<ListeningTransport>;
  /** Names the cluster in errors (`http: no leader after ...`). */
  readonly label?: string;
  /** Creates node `id`'s stores. Default: the in-memory ones. */
  readonly stores?: (id: string) => BenchStores;
}

/** A node's stores; the cluster closes them after the node stopped. */
export interface BenchStores {
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  /** Closes them all (default: each store's `close`). */
  readonly close?: () => Promise<void>;
}

/** The default transports of a bench cluster: one memory network on the system clock. */
function memoryTransports(seed: number): (id: string) => Promise<ListeningTransport> {
  const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(seed) });
  return async (id) => ({ transport: network.createTransport(id), address: id });
}

/**
 * Starts 3 nodes in this process: memory stores, no-op state machines, a 10 ms tick and 50 ms
 * heartbeats, over the memory transport unless `options.listen` provides another.
 */
export async function startBenchCluster(
  seed: number,
  options: BenchClusterOptions = {},
): Promise<BenchCluster> {
  const ids = ['n1', 'n2', 'n3'];
  const listen = options.listen ?? memoryTransports(seed);
  const transports = await Promise.all(ids.map((id) => listen(id)));
  const initialMembers = ids.map((id, position) => ({ id, address: transports[position]!.address }));
  const stores: BenchStores[] = ids.map(
    options.stores ??
      (() => ({
        logStore: createMemoryLogStore(),
        stableStore: createMemoryStableStore(),
        snapshotStore: createMemorySnapshotStore(),
      })),
  );
  const nodes = ids.map((id, position) =>
    createRaftNode({
      logStore: stores[position]!.logStore,
      stableStore: stores[position]!.stableStore,
      snapshotStore: stores[position]!.snapshotStore,
      config: {
        nodeId: id,
        raftAddress: transports[position]!.address,
        initialMembers,
        tickIntervalMs: 10,
        heartbeatTimeoutMs: 50,
        electionTimeoutMs: 300,
      },
      transport: transports[position]!.transport,
      stateMachine: new NoopStateMachine(),
      clock: systemClock,
      random: createSeededRandom(seed * 31 + position),
    }),
  );
  await Promise.all(nodes.map((node) => node.start()));
  const prefix = options.label === undefined ? '' : `${options.label}: `;

  return {
    nodes,
    async leader(timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const leader = nodes.find((node) => node.isLeader());
        if (leader !== undefined) return leader;
        if (performance.now() > deadline) throw new Error(`${prefix}no leader after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
      // The node owns its transport but not its stores: close them once it has stopped.
      await Promise.allSettled(
        stores.flatMap((store) =>
          store.close !== undefined
            ? [store.close()]
            : [store.logStore.close(), store.stableStore.close(), store.snapshotStore.close()],
        ),
      );
    },
  };
}
