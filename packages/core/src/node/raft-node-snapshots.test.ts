import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { RaftEngine } from '../engine/raft-engine.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import type { InstallSnapshotRequest, Message } from '../types/message.js';
import type { RaftNode } from './raft-node.js';
import type { FatalErrorEvent, SnapshotInstalledEvent, SnapshotTakenEvent } from './raft-node-events.js';
import { command, RecordingStateMachine } from './test-support/recording-state-machine.js';
import { TestCluster, type TestNode } from './test-support/test-cluster.js';

let cluster: TestCluster;
afterEach(async () => {
  await cluster.stop();
});

/** Snapshot early and often, keep two trailing entries, stream in the smallest chunks allowed. */
const SNAPSHOT_CONFIG = {
  snapshotThreshold: 10,
  snapshotIntervalMs: 0,
  trailingLogs: 2,
  snapshotChunkBytes: 1024,
} as const;

/** A command of about 120 bytes, so that a few dozen of them make a snapshot of several chunks. */
function padded(text: string): Uint8Array {
  return command(text.padEnd(120, '.'));
}

/** The driver's engine, for assertions on its in-memory log (tests only). */
function engineOf(node: RaftNode): RaftEngine {
  return (node as unknown as { engine: RaftEngine }).engine;
}

/** Proposes `count` padded commands on `leader` and waits until they all resolved. */
async function proposeMany(leader: TestNode, count: number, prefix: string): Promise<void> {
  const proposals = Array.from({ length: count }, (_, k) => leader.node.propose(padded(`${prefix}${k}`)));
  await cluster.settled(Promise.all(proposals));
}

/** A three-node cluster with a leader elected, one follower cut off, and a snapshot on the leader. */
async function followerBehindSnapshot(entries: number): Promise<{ leader: TestNode; lagging: TestNode }> {
  cluster = new TestCluster(['a', 'b', 'c'], SNAPSHOT_CONFIG);
  await cluster.start();
  const leader = await cluster.electLeader();
  const lagging = [...cluster.nodes.values()].find((member) => member !== leader)!;
  cluster.network.isolate(lagging.id);
  await proposeMany(leader, entries, 'v');
  await cluster.until(() => leader.node.status().snapshotIndex >= entries);
  return { leader, lagging };
}

function installedEvents(member: TestNode): SnapshotInstalledEvent[] {
  const events: SnapshotInstalledEvent[] = [];
  member.node.on('snapshot-installed', (event) => events.push(event));
  return events;
}

async function converged(leader: TestNode, lagging: TestNode): Promise<void> {
  await cluster.until(() => lagging.stateMachine.applied.length === leader.stateMachine.applied.length);
  expect(lagging.stateMachine.applied).toEqual(leader.stateMachine.applied);
  expect(lagging.stateMachine.appliedIndexes).toEqual(leader.stateMachine.appliedIndexes);
}

describe('RaftNode snapshots: taking them', () => {
  it('takes a snapshot after snapshotThreshold entries and compacts the log, keeping trailingLogs', async () => {
    cluster = new TestCluster(['a'], { ...SNAPSHOT_CONFIG, snapshotThreshold: 20 });
    const a = cluster.add('a');
    const taken: SnapshotTakenEvent[] = [];
    a.node.on('snapshot-taken', (event) => taken.push(event));
    await cluster.start();
    await cluster.electLeader();
    // Indexes 1 and 2 are the bootstrap config and the leader's noop: 17 more make 19 applied.
    await proposeMany(a, 17, 'x');
    await cluster.tick(2);
    expect(taken).toEqual([]);
    await proposeMany(a, 1, 'y');
    await cluster.until(() => taken.length === 1);
    const { metadata } = taken[0]!;
    const index = metadata.lastIncludedIndex;
    expect(index).toBe(a.node.status().appliedIndex);
    expect(metadata.membership.members.map((member) => member.id)).toEqual(['a']);
    expect(a.node.status().snapshotIndex).toBe(index);
    // Both logs keep the two trailing entries before the snapshot's index.
    expect(await a.logStore.firstIndex()).toBe(index - 1);
    expect(engineOf(a.node).termAt(index - 2)).toBe(metadata.lastIncludedTerm);
    expect(engineOf(a.node).termAt(index - 3)).toBeUndefined();
    expect((await a.snapshotStore.list())[0]).toEqual(metadata);
  });

  it('takes a snapshot every snapshotIntervalMs if anything was applied since the last one', async () => {
    cluster = new TestCluster(['a'], {
      ...SNAPSHOT_CONFIG,
      snapshotThreshold: 1000,
      snapshotIntervalMs: 500,
    });
    const a = cluster.add('a');
    const taken: SnapshotTakenEvent[] = [];
    a.node.on('snapshot-taken', (event) => taken.push(event));
    await cluster.start();
    await cluster.electLeader();
    await proposeMany(a, 1, 'x');
    await cluster.until(() => taken.length === 1, 60);
    expect(taken[0]!.metadata.lastIncludedIndex).toBe(3);
    // Nothing applied since: no second snapshot, however long the node idles.
    await cluster.tick(200);
    expect(taken).toHaveLength(1);
  });

  it('keeps resolving proposals while a slow snapshot is written, and never takes two at once', async () => {
    cluster = new TestCluster(['a'], { ...SNAPSHOT_CONFIG, snapshotThreshold: 20 });
    const a = cluster.add('a');
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    a.stateMachine.beforeSnapshotChunk = () => released;
    const taken: SnapshotTakenEvent[] = [];
    a.node.on('snapshot-taken', (event) => taken.push(event));
    await cluster.start();
    await cluster.electLeader();
    await proposeMany(a, 20, 'x');
    await cluster.until(() => a.stateMachine.snapshotsTaken === 1);
    // The snapshot stream is stuck; proposals go on, well past another threshold's worth.
    await proposeMany(a, 30, 'y');
    expect(a.stateMachine.applied).toHaveLength(50);
    expect(a.stateMachine.snapshotsTaken).toBe(1);
    expect(taken).toEqual([]);
    expect(await a.logStore.firstIndex()).toBe(1);
    release();
    await cluster.until(() => taken.length >= 1);
    // It holds the state as of the capture, not the entries applied while it was written.
    const reader = await a.snapshotStore.open(taken[0]!.metadata.id);
    const restored = new RecordingStateMachine();
    await restored.restore(reader.chunks);
    expect(restored.applied).toHaveLength(taken[0]!.metadata.lastIncludedIndex - 2);
    expect(restored.applied.every((text) => text.startsWith('x'))).toBe(true);
  });

  it('survives a failing snapshot store: the snapshot is retried later, the node keeps running', async () => {
    cluster = new TestCluster(['a'], SNAPSHOT_CONFIG);
    const a = cluster.add('a');
    const create = a.snapshotStore.create.bind(a.snapshotStore);
    let failures = 1;
    a.snapshotStore.create = (descriptor) =>
      failures-- > 0 ? Promise.reject(new Error('disk full')) : create(descriptor);
    const taken: SnapshotTakenEvent[] = [];
    a.node.on('snapshot-taken', (event) => taken.push(event));
    await cluster.start();
    await cluster.electLeader();
    await proposeMany(a, 12, 'x');
    await cluster.until(() => taken.length === 1);
    expect(a.node.state()).toBe('leader');
    expect(a.stateMachine.snapshotsTaken).toBe(2);
  });
});

describe('RaftNode snapshots: a failing log compaction', () => {
  it('is fatal: the node stops with a StorageError', async () => {
    cluster = new TestCluster(['a'], SNAPSHOT_CONFIG);
    const logStore = createMemoryLogStore();
    const failure = new Error('EIO');
    logStore.compact = () => Promise.reject(failure);
    const a = cluster.add('a', { logStore });
    const fatal: FatalErrorEvent[] = [];
    a.node.on('fatal-error', (event) => fatal.push(event));
    await cluster.start();
    await cluster.electLeader();
    await proposeMany(a, 12, 'x');
    await cluster.until(() => a.node.state() === 'stopped');
    expect(fatal[0]!.error).toMatchObject({
      code: 'ERR_RAFT_STORAGE',
      operation: 'compact the log',
      cause: failure,
    });
  });
});

describe('RaftNode snapshots: catching a follower up', () => {
  it('a follower down for longer than the trailing logs catches up by snapshot, then by log', async () => {
    const { leader, lagging } = await followerBehindSnapshot(40);
    const installed = installedEvents(lagging);
    cluster.network.heal();
    await converged(leader, lagging);
    expect(installed).toHaveLength(1);
    expect(installed[0]!.metadata.lastIncludedIndex).toBeGreaterThanOrEqual(40);
    expect(lagging.node.status().snapshotIndex).toBe(installed[0]!.metadata.lastIncludedIndex);
    // 40 entries of ~135 bytes each: several 1 KiB chunks.
    expect(cluster.network.deliveredByType.get('install-snapshot')).toBeGreaterThan(4);
    await proposeMany(leader, 3, 'after');
    await converged(leader, lagging);
    // The snapshot replaced the follower's log store; the entries after it came by the log.
    expect(await lagging.logStore.firstIndex()).toBe(installed[0]!.metadata.lastIncludedIndex + 1);
    expect(lagging.stateMachine.applied.slice(-3).map((text) => text.slice(0, 6))).toEqual([
      'after0',
      'after1',
      'after2',
    ]);
  });

  it('a follower stopped past the trailing logs catches up by snapshot after its restart', async () => {
    cluster = new TestCluster(['a', 'b', 'c'], SNAPSHOT_CONFIG);
    await cluster.start();
    const leader = await cluster.electLeader();
    const lagging = [...cluster.nodes.values()].find((member) => member !== leader)!;
    await lagging.node.stop();
    await proposeMany(leader, 30, 'v');
    await cluster.until(() => leader.node.status().snapshotIndex >= 30);
    const restarted = await cluster.restart(lagging.id);
    const installed = installedEvents(restarted);
    await converged(leader, restarted);
    expect(installed).toHaveLength(1);
  });

  it('a transfer interrupted by a partition completes after it heals', async () => {
    const { leader, lagging } = await followerBehindSnapshot(80);
    const installed = installedEvents(lagging);
    const transferIds = new Set<number>();
    let chunksToLagging = 0;
    cluster.network.intercept = (message) => {
      if (message.type !== 'install-snapshot') return message;
      transferIds.add(message.transferId);
      chunksToLagging += 1;
      if (chunksToLagging === 3) {
        // Partition mid-transfer: this chunk and everything after it is lost.
        cluster.network.isolate(lagging.id);
        return undefined;
      }
      return message;
    };
    cluster.network.heal();
    await cluster.until(() => chunksToLagging >= 3);
    // Longer than the sender's progress timeout and the receiver's abandonment timeout.
    await cluster.tick(40);
    expect(installed).toEqual([]);
    cluster.network.heal();
    await converged(leader, lagging);
    expect(installed).toHaveLength(1);
    expect(transferIds.size).toBeGreaterThanOrEqual(2);
  });

  it('a follower stopped mid-transfer keeps no half snapshot, and catches up after its restart', async () => {
    const { leader, lagging } = await followerBehindSnapshot(80);
    let chunksToLagging = 0;
    let stopping: Promise<void> | undefined;
    cluster.network.intercept = (message) => {
      if (message.type === 'install-snapshot' && ++chunksToLagging === 3) stopping = lagging.node.stop();
      return message;
    };
    cluster.network.heal();
    await cluster.until(() => stopping !== undefined);
    await stopping;
    expect(await lagging.snapshotStore.list()).toEqual([]);
    cluster.network.intercept = undefined;
    const restarted = await cluster.restart(lagging.id);
    await converged(leader, restarted);
  });

  it('refuses a snapshot corrupted in transit, installs nothing, and a retry succeeds', async () => {
    const { leader, lagging } = await followerBehindSnapshot(40);
    const installed = installedEvents(lagging);
    let corrupted = false;
    const refusals: { installedSoFar: number; appliedSoFar: number }[] = [];
    cluster.network.intercept = (message: Message) => {
      if (message.type === 'install-snapshot' && !corrupted && message.data.byteLength > 0) {
        corrupted = true;
        const data = message.data.slice();
        data[0] = data[0]! ^ 0xff;
        return { ...message, data };
      }
      if (message.type === 'install-snapshot-response' && !message.accepted) {
        refusals.push({
          installedSoFar: installed.length,
          appliedSoFar: lagging.stateMachine.applied.length,
        });
      }
      return message;
    };
    cluster.network.heal();
    await converged(leader, lagging);
    expect(corrupted).toBe(true);
    expect(refusals.length).toBeGreaterThanOrEqual(1);
    expect(refusals[0]).toEqual({ installedSoFar: 0, appliedSoFar: 0 });
    expect(installed).toHaveLength(1);
  });

  it('ignores a snapshot older than the follower’s state', async () => {
    cluster = new TestCluster(['a', 'b', 'c'], SNAPSHOT_CONFIG);
    await cluster.start();
    const leader = await cluster.electLeader();
    await proposeMany(leader, 5, 'v');
    const follower = [...cluster.nodes.values()].find((member) => member !== leader)!;
    await cluster.until(() => follower.stateMachine.applied.length === 5);
    const installed = installedEvents(follower);
    const before = [...follower.stateMachine.applied];

    const old = new RecordingStateMachine();
    old.apply({ index: 3, term: 2, data: command('old') });
    const data = new Uint8Array(Buffer.concat([...(await collect(await old.snapshot()))]));
    const status = leader.node.status();
    const chunk: InstallSnapshotRequest = {
      type: 'install-snapshot',
      from: leader.id,
      to: follower.id,
      term: status.term,
      transferId: 999_999,
      lastIncludedIndex: 3,
      lastIncludedTerm: status.term,
      membership: status.membership,
      totalBytes: data.byteLength,
      offset: 0,
      data,
      done: true,
      checksum: createHash('sha256').update(data).digest('hex'),
    };
    follower.transport.receive(chunk);
    await cluster.tick(5);
    expect(installed).toEqual([]);
    expect(follower.stateMachine.applied).toEqual(before);
    await proposeMany(leader, 1, 'later');
    await cluster.until(() => follower.stateMachine.applied.length === 6);
  });
});

describe('RaftNode snapshots: restarting', () => {
  it('restarts from the snapshot plus the log after it, on a compacted log', async () => {
    cluster = new TestCluster(['a'], SNAPSHOT_CONFIG);
    const a = cluster.add('a');
    await cluster.start();
    await cluster.electLeader();
    await proposeMany(a, 25, 'x');
    await cluster.until(() => a.node.status().snapshotIndex >= 20);
    await proposeMany(a, 3, 'y');
    const snapshotIndex = a.node.status().snapshotIndex;
    expect(await a.logStore.firstIndex()).toBeGreaterThan(1);
    expect(await a.logStore.lastIndex()).toBeGreaterThan(snapshotIndex);
    const before = { applied: [...a.stateMachine.applied], indexes: [...a.stateMachine.appliedIndexes] };

    const restarted = await cluster.restart('a');
    // Restored from the snapshot at once, before any election.
    expect(restarted.stateMachine.applied.length).toBeGreaterThanOrEqual(snapshotIndex - 2);
    // (plus the log entries the saved commit index covers: those need no leader to re-apply)
    expect(restarted.node.status().snapshotIndex).toBe(snapshotIndex);
    expect(restarted.node.status().appliedIndex).toBeGreaterThanOrEqual(snapshotIndex);
    await cluster.electLeader();
    await cluster.until(() => restarted.stateMachine.applied.length === before.applied.length);
    expect(restarted.stateMachine.applied).toEqual(before.applied);
    expect(restarted.stateMachine.appliedIndexes).toEqual(before.indexes);
    await expect(cluster.settled(restarted.node.propose(command('z')))).resolves.toMatchObject({ text: 'z' });
  });
});

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const collected: Uint8Array[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  return collected;
}
