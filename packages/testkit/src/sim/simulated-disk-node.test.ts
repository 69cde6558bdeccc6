import { createMemorySnapshotStore, createRaftNode, createSeededRandom, isRaftError } from '@raft/core';
import { createMemoryNetwork } from '@raft/transport-memory';
import { describe, expect, it } from 'vitest';
import { encodeKvCommand } from './kv-command.js';
import { KvStateMachine } from './kv-state-machine.js';
import { SimulatedDisk } from './simulated-disk.js';
import { VirtualClock } from './virtual-clock.js';

/** A one-node cluster on a simulated disk, so that every write of a proposal goes through it. */
async function singleNode(disk: SimulatedDisk, clock: VirtualClock) {
  const network = createMemoryNetwork({ clock, random: createSeededRandom(1) });
  const node = createRaftNode({
    config: {
      nodeId: 'n1',
      raftAddress: 'n1',
      initialMembers: [{ id: 'n1', address: 'n1' }],
      tickIntervalMs: 10,
      heartbeatTimeoutMs: 50,
      electionTimeoutMs: 300,
    },
    ...disk.open(),
    snapshotStore: createMemorySnapshotStore(),
    transport: network.createTransport('n1'),
    stateMachine: new KvStateMachine(),
    clock,
    random: createSeededRandom(2),
  });
  // Bootstrap writes to the disk, whose fsyncs complete only as virtual time passes.
  await Promise.all([node.start(), clock.runFor(1000)]);
  expect(node.isLeader()).toBe(true);
  return node;
}

const put = (id: string) => encodeKvCommand({ op: 'put', id, key: 'k', value: id });

describe('a RaftNode on a SimulatedDisk', () => {
  it('stops on an injected append failure instead of limping on', async () => {
    const clock = new VirtualClock();
    const disk = new SimulatedDisk({ clock, random: createSeededRandom(3), fsyncDelayMs: 1 });
    const node = await singleNode(disk, clock);
    const fatal: Error[] = [];
    node.on('fatal-error', ({ error }) => fatal.push(error));
    disk.failNext('append');
    const proposal = node.propose(put('a'));
    proposal.catch(() => {});
    await clock.runFor(100);
    await expect(proposal).rejects.toSatisfy((error) => isRaftError(error));
    expect(fatal).toHaveLength(1);
    expect(isRaftError(fatal[0], 'ERR_RAFT_STORAGE')).toBe(true);
    expect(node.state()).toBe('stopped');
  });

  it('restarts after a crash on exactly what was durable, keeping every acknowledged write', async () => {
    const clock = new VirtualClock();
    const disk = new SimulatedDisk({ clock, random: createSeededRandom(4), fsyncDelayMs: [1, 5] });
    const node = await singleNode(disk, clock);
    const acknowledged = node.propose(put('a'));
    await clock.runFor(50);
    await acknowledged;
    // In flight when the machine dies: may or may not survive, and is never acknowledged.
    const unacknowledged = node.propose(put('b'));
    unacknowledged.catch(() => {});
    await clock.settle();
    disk.crash();
    const durable = disk.durableEntries().map((entry) => entry.index);
    const restarted = await singleNode(disk, clock);
    const status = restarted.status();
    expect(status.lastIndex).toBeGreaterThanOrEqual(Math.max(...durable));
    const data = new TextDecoder();
    const texts = disk.currentEntries().map((entry) => data.decode(entry.data));
    expect(texts.some((text) => text.includes('"id":"a"'))).toBe(true);
    await restarted.stop();
  });
});
