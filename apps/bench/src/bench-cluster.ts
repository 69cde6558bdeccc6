import {
  type AppliedEntry,
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  createSeededRandom,
  type RaftNode,
  type StateMachine,
  systemClock,
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

/** Starts 3 nodes in this process: memory transport on the system clock, memory stores, no-op state machines. */
export async function startBenchCluster(seed: number): Promise<BenchCluster> {
  const ids = ['n1', 'n2', 'n3'];
  const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(seed) });
  const initialMembers = ids.map((id) => ({ id, address: id }));
  const stores = ids.map(() => ({
    logStore: createMemoryLogStore(),
    stableStore: createMemoryStableStore(),
    snapshotStore: createMemorySnapshotStore(),
  }));
  const nodes = ids.map((id, position) =>
    createRaftNode({
      ...stores[position]!,
      config: {
        nodeId: id,
        raftAddress: id,
        initialMembers,
        tickIntervalMs: 10,
        heartbeatTimeoutMs: 50,
        electionTimeoutMs: 300,
      },
      transport: network.createTransport(id),
      stateMachine: new NoopStateMachine(),
      clock: systemClock,
      random: createSeededRandom(seed * 31 + position),
    }),
  );
  await Promise.all(nodes.map((node) => node.start()));

  return {
    nodes,
    async leader(timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const leader = nodes.find((node) => node.isLeader());
        if (leader !== undefined) return leader;
        if (performance.now() > deadline) throw new Error(`no leader after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
      // The node owns its transport but not its stores: close them once it has stopped.
      await Promise.allSettled(
        stores.flatMap((store) => [
          store.logStore.close(),
          store.stableStore.close(),
          store.snapshotStore.close(),
        ]),
      );
    },
  };
}
