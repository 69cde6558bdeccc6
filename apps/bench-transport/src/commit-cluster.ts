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
import type { Kind } from './transports.js';
import { TransportMaker } from './transports.js';

/** A state machine that does nothing: the benchmark measures replication, not the application. */
export class NoopStateMachine implements StateMachine {
  apply(_entry: AppliedEntry): undefined {
    return undefined;
  }

  async snapshot(): Promise<AsyncIterable<Uint8Array>> {
    return (async function* () {})();
  }

  async restore(chunks: AsyncIterable<Uint8Array>): Promise<void> {
    for await (const _chunk of chunks) {
      // Nothing to restore.
    }
  }
}

/** A running 3-node benchmark cluster. */
export interface CommitCluster {
  /** Waits for a leader and returns it. */
  leader(timeoutMs?: number): Promise<RaftNode>;
  stop(): Promise<void>;
}

/**
 * Starts 3 nodes in this process over `kind` of transport (network ones on 127.0.0.1), with memory
 * stores, no-op state machines, and the timings of `apps/bench` (10 ms tick, 50 ms heartbeat).
 */
export async function startCommitCluster(kind: Kind, seed: number): Promise<CommitCluster> {
  const ids = ['n1', 'n2', 'n3'];
  const maker = new TransportMaker(kind);
  const transports = await Promise.all(ids.map((id) => maker.listen(id)));
  const initialMembers = ids.map((id, position) => ({ id, address: transports[position]!.address }));
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
  return {
    async leader(timeoutMs = 10_000) {
      const deadline = performance.now() + timeoutMs;
      for (;;) {
        const leader = nodes.find((node) => node.isLeader());
        if (leader !== undefined) return leader;
        if (performance.now() > deadline) throw new Error(`${kind}: no leader after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    },
    async stop() {
      await Promise.allSettled(nodes.map((node) => node.stop()));
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
