import {
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  createSeededRandom,
  type RaftNode,
  systemClock,
} from '@raft/core';
import { createMemoryNetwork } from '@raft/transport-memory';
import { type KvHttpServer, startKvHttpServer } from '../kv-http-server.js';
import { KvStateMachine } from '../kv-state-machine.js';

/** One node of an in-process test cluster, with its HTTP API on an ephemeral port. */
export interface TestKvNode {
  readonly id: string;
  readonly node: RaftNode;
  readonly store: KvStateMachine;
  readonly http: KvHttpServer;
  /** `http://host:port` of its API. */
  readonly url: string;
}

/** Starts 3 nodes on the memory transport (real timers, fast timeouts) and waits for a leader. */
export async function startTestKvCluster(): Promise<{ nodes: TestKvNode[]; stop(): Promise<void> }> {
  const ids = ['a', 'b', 'c'];
  const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(7) });
  const nodes: TestKvNode[] = [];
  for (const [position, id] of ids.entries()) {
    const store = new KvStateMachine();
    const node = createRaftNode({
      config: {
        nodeId: id,
        initialMembers: ids.map((member) => ({ id: member, address: member })),
        tickIntervalMs: 5,
        heartbeatTimeoutMs: 20,
        electionTimeoutMs: 100,
      },
      logStore: createMemoryLogStore(),
      stableStore: createMemoryStableStore(),
      snapshotStore: createMemorySnapshotStore(),
      transport: network.createTransport(id),
      stateMachine: store,
      random: createSeededRandom(100 + position),
    });
    await node.start();
    const http = await startKvHttpServer(
      { node, store, requestTimeoutMs: 2000 },
      { host: '127.0.0.1', port: 0 },
    );
    nodes.push({ id, node, store, http, url: `http://${http.address}` });
  }
  const deadline = Date.now() + 5000;
  while (!nodes.every((member) => member.node.leader() !== undefined)) {
    if (Date.now() > deadline) throw new Error('no leader within 5 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    nodes,
    async stop() {
      await Promise.all(nodes.map((member) => member.http.close()));
      await Promise.all(nodes.map((member) => member.node.stop()));
    },
  };
}
