/**
 * `pnpm --filter @raft/bench catch-up`: how long a follower that missed N entries takes to catch up,
 * by log (no snapshots: the leader streams every entry) versus by snapshot (the leader compacted
 * its log; the follower gets a snapshot of the state, then the few entries after it).
 *
 * 3 nodes in one process, memory transport and stores, a key-value state machine with a bounded
 * key space. One follower is stopped, the leader commits N entries of 16 bytes, the follower is
 * restarted on its stores, and the time until it has applied the leader's commit index is taken.
 *
 * Flags: --entries 1000000  --key-space 10000  --seed 1
 */
import { parseArgs } from 'node:util';
import {
  createMemoryLogStore,
  createMemorySnapshotStore,
  createMemoryStableStore,
  createRaftNode,
  createSeededRandom,
  type RaftConfigInput,
  type RaftNode,
  systemClock,
} from '@raft/core';
import { createMemoryNetwork } from '@raft/transport-memory';
import { BenchKvStateMachine } from './kv-state-machine.js';

interface CatchUpResult {
  readonly mode: string;
  readonly entries: number;
  readonly catchUpMs: number;
  readonly snapshotsInstalled: number;
  readonly converged: boolean;
}

const ids = ['n1', 'n2', 'n3'];

async function waitFor(condition: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

async function runMode(
  mode: 'log' | 'snapshot',
  entries: number,
  keySpace: number,
  seed: number,
): Promise<CatchUpResult> {
  const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(seed) });
  const tuning: Partial<RaftConfigInput> =
    mode === 'log'
      ? { snapshotThreshold: 1_000_000_000, trailingLogs: 1_000_000_000 }
      : { snapshotThreshold: Math.max(1000, Math.floor(entries / 10)), trailingLogs: 10_000 };
  const stores = new Map(
    ids.map((id) => [
      id,
      {
        logStore: createMemoryLogStore(),
        stableStore: createMemoryStableStore(),
        snapshotStore: createMemorySnapshotStore(),
      },
    ]),
  );
  const machines = new Map<string, BenchKvStateMachine>();
  let snapshotsInstalled = 0;
  const startNode = async (id: string, position: number): Promise<RaftNode> => {
    const machine = new BenchKvStateMachine(keySpace);
    machines.set(id, machine);
    const node = createRaftNode({
      ...stores.get(id)!,
      config: {
        nodeId: id,
        raftAddress: id,
        initialMembers: ids.map((member) => ({ id: member, address: member })),
        tickIntervalMs: 10,
        heartbeatTimeoutMs: 50,
        electionTimeoutMs: 500,
        ...tuning,
      },
      transport: network.createTransport(id),
      stateMachine: machine,
      clock: systemClock,
      random: createSeededRandom(seed * 31 + position),
    });
    node.on('snapshot-installed', () => {
      snapshotsInstalled += 1;
    });
    await node.start();
    return node;
  };
  const nodes = new Map<string, RaftNode>();
  for (const [position, id] of ids.entries()) nodes.set(id, await startNode(id, position));
  await waitFor(() => [...nodes.values()].some((node) => node.isLeader()), 'a leader');
  const leaderId = ids.find((id) => nodes.get(id)!.isLeader())!;
  const laggardId = ids.find((id) => id !== leaderId)!;
  await nodes.get(laggardId)!.stop();

  const leader = nodes.get(leaderId)!;
  const payload = new Uint8Array(16).fill(7);
  let next = 0;
  const proposer = async (): Promise<void> => {
    while (next < entries) {
      next += 1;
      await leader.propose(payload);
    }
  };
  await Promise.all(Array.from({ length: 256 }, proposer));

  const started = performance.now();
  const laggard = await startNode(laggardId, ids.indexOf(laggardId));
  nodes.set(laggardId, laggard);
  const target = leader.status().commitIndex;
  await waitFor(() => laggard.status().appliedIndex >= target, 'the follower to catch up');
  const catchUpMs = performance.now() - started;
  const converged = machines.get(laggardId)!.digest() === machines.get(leaderId)!.digest();
  await Promise.allSettled([...nodes.values()].map((node) => node.stop()));
  return { mode, entries, catchUpMs, snapshotsInstalled, converged };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      entries: { type: 'string', default: '1000000' },
      'key-space': { type: 'string', default: '10000' },
      seed: { type: 'string', default: '1' },
    },
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
  });
  const entries = Number(values.entries);
  const keySpace = Number(values['key-space']);
  const seed = Number(values.seed);
  console.log(
    `catch-up bench: a follower ${entries.toLocaleString('en-US')} entries behind, state of ${keySpace} keys`,
  );
  const results: CatchUpResult[] = [];
  for (const mode of ['log', 'snapshot'] as const) {
    process.stdout.write(`catching up by ${mode}... `);
    const result = await runMode(mode, entries, keySpace, seed);
    results.push(result);
    console.log(`${result.catchUpMs.toFixed(0)} ms`);
  }
  console.log('\nmode      entries    catch-up ms  entries/s    snapshots installed  converged');
  for (const result of results) {
    console.log(
      `${result.mode.padEnd(9)} ${String(result.entries).padEnd(10)} ${result.catchUpMs.toFixed(0).padStart(11)}  ` +
        `${Math.round(result.entries / (result.catchUpMs / 1000))
          .toLocaleString('en-US')
          .padStart(11)}  ` +
        `${String(result.snapshotsInstalled).padStart(19)}  ${result.converged}`,
    );
  }
  const [byLog, bySnapshot] = results;
  if (byLog !== undefined && bySnapshot !== undefined) {
    console.log(
      `\nby snapshot took ${(bySnapshot.catchUpMs / byLog.catchUpMs).toFixed(3)}× the time of by log`,
    );
  }
  if (results.some((result) => !result.converged)) process.exitCode = 1;
}

await main();
