import { afterEach, describe, expect, it } from 'vitest';
import { LeadershipTransferError } from '../errors/leadership-transfer-error.js';
import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import type { Membership } from '../types/membership.js';
import { command } from './test-support/recording-state-machine.js';
import { TestCluster, type TestNode } from './test-support/test-cluster.js';

let cluster: TestCluster;
afterEach(async () => {
  await cluster.stop();
});

async function threeNodes(): Promise<TestNode> {
  cluster = new TestCluster(['a', 'b', 'c']);
  await cluster.start();
  return cluster.electLeader();
}

function members(membership: Membership): string[] {
  return membership.members.map((member) => `${member.id}${member.voter ? '' : '(learner)'}`).sort();
}

describe('RaftNode membership', () => {
  it('joins a fourth node as a voter once it has caught up', async () => {
    const leader = await threeNodes();
    await cluster.settled(Promise.all(['1', '2', '3'].map((text) => leader.node.propose(command(text)))));
    const changes: string[][] = [];
    leader.node.on('membership-changed', ({ membership }) => changes.push(members(membership)));
    const joiner = cluster.add('d');
    await joiner.node.start();
    await cluster.settled(leader.node.join('d', 'loopback://d'));
    expect(changes).toEqual([
      ['a', 'b', 'c', 'd(learner)'],
      ['a', 'b', 'c', 'd'],
    ]);
    expect(members(leader.node.status().membership)).toEqual(['a', 'b', 'c', 'd']);
    expect(leader.transport.peers.get('d')).toBe('loopback://d');
    await cluster.until(() => joiner.stateMachine.applied.length === 3);
    expect(joiner.stateMachine.applied).toEqual(['1', '2', '3']);
    // The new voter counts: with two of the old voters gone, a, d and one more still commit.
    cluster.network.isolate(cluster.initialIds.find((id) => id !== leader.id)!);
    await expect(cluster.settled(leader.node.propose(command('4')))).resolves.toMatchObject({ text: '4' });
  });

  it('joins a learner that receives the log but does not vote', async () => {
    const leader = await threeNodes();
    const joiner = cluster.add('d');
    await joiner.node.start();
    await cluster.settled(leader.node.join('d', 'loopback://d', { voter: false }));
    expect(members(leader.node.status().membership)).toEqual(['a', 'b', 'c', 'd(learner)']);
    await cluster.settled(leader.node.propose(command('for the learner')));
    await cluster.until(() => joiner.stateMachine.applied.length === 1);
    expect(joiner.node.state()).toBe('learner');
    // Idempotent: asking again changes nothing.
    await cluster.settled(leader.node.join('d', 'loopback://d', { voter: false }));
  });

  it('removes a node with leave', async () => {
    const leader = await threeNodes();
    const leaving = cluster.initialIds.find((id) => id !== leader.id)!;
    await cluster.settled(leader.node.leave(leaving));
    expect(members(leader.node.status().membership)).toEqual(
      cluster.initialIds.filter((id) => id !== leaving).sort(),
    );
    expect(leader.transport.peers.has(leaving)).toBe(false);
    await cluster.settled(leader.node.leave(leaving));
  });

  it('rejects a refused change with MembershipChangeError (one change at a time)', async () => {
    const leader = await threeNodes();
    cluster.add('d');
    cluster.add('e');
    await Promise.all([cluster.get('d').node.start(), cluster.get('e').node.start()]);
    const first = leader.node.join('d', 'loopback://d', { voter: false });
    await expect(leader.node.join('e', 'loopback://e', { voter: false })).rejects.toBeInstanceOf(
      MembershipChangeError,
    );
    await cluster.settled(first);
  });

  it('lets the leader remove itself; another voter takes over', async () => {
    const leader = await threeNodes();
    await leader.node.leave(leader.id);
    expect(leader.node.isLeader()).toBe(false);
    expect(members(leader.node.status().membership)).not.toContain(leader.id);
  });

  it('treats joining an existing voter as done', async () => {
    const leader = await threeNodes();
    const other = cluster.initialIds.find((id) => id !== leader.id)!;
    await leader.node.join(other, `loopback://${other}`);
    expect(members(leader.node.status().membership)).toEqual(['a', 'b', 'c']);
  });
});

describe('RaftNode leadership transfer', () => {
  it('hands leadership to the named voter', async () => {
    const leader = await threeNodes();
    const target = cluster.initialIds.find((id) => id !== leader.id)!;
    await cluster.settled(leader.node.transferLeadership(target));
    expect(leader.node.leader()).toBe(target);
    await cluster.until(() => cluster.get(target).node.isLeader());
    expect(leader.node.isLeader()).toBe(false);
  });

  it('picks the most up-to-date voter when none is named', async () => {
    const leader = await threeNodes();
    await cluster.settled(leader.node.transferLeadership());
    const newLeader = leader.node.leader();
    expect(newLeader).toBeDefined();
    expect(newLeader).not.toBe(leader.id);
  });

  it('rejects with LeadershipTransferError when the target does not take over in time', async () => {
    const leader = await threeNodes();
    const target = cluster.initialIds.find((id) => id !== leader.id)!;
    cluster.network.isolate(target);
    await expect(cluster.settled(leader.node.transferLeadership(target))).rejects.toBeInstanceOf(
      LeadershipTransferError,
    );
  });

  it('rejects a transfer to a non-member and on a follower', async () => {
    const leader = await threeNodes();
    await expect(leader.node.transferLeadership('nobody')).rejects.toBeInstanceOf(LeadershipTransferError);
    const follower = [...cluster.nodes.values()].find((member) => member !== leader)!;
    await expect(follower.node.transferLeadership()).rejects.toBeInstanceOf(NotLeaderError);
  });
});

describe('RaftNode learner promotion threshold', () => {
  /**
   * Starts a, b, c (after `proposals` commands) with `learnerCatchUpEntries`, joins d while it is
   * cut off for `cutOffTicks`, and checks that d stays an unpromoted learner meanwhile and is
   * promoted once the network heals; returns the joiner.
   */
  async function joinWhileCutOff(learnerCatchUpEntries: number, proposals: string[], cutOffTicks: number) {
    cluster = new TestCluster(['a', 'b', 'c'], { learnerCatchUpEntries });
    await cluster.start();
    const leader = await cluster.electLeader();
    await cluster.settled(Promise.all(proposals.map((text) => leader.node.propose(command(text)))));
    const joiner = cluster.add('d');
    await joiner.node.start();
    cluster.network.isolate('d');
    let joined = false;
    const join = leader.node.join('d', 'loopback://d').then(() => {
      joined = true;
    });
    await cluster.tick(cutOffTicks);
    // The learner was added (a, b and c committed that) but cannot catch up while cut off.
    expect(members(leader.node.status().membership)).toContain('d(learner)');
    expect(joined).toBe(false);
    cluster.network.heal();
    await cluster.settled(join);
    expect(members(leader.node.status().membership)).toContain('d');
    return { joiner };
  }

  it('never promotes a learner that has not received the configuration adding it, however generous the threshold', async () => {
    const { joiner } = await joinWhileCutOff(1_000_000, [], 100);
    await cluster.until(() => members(joiner.node.status().membership).includes('d'));
  });

  it('promotes a joining node only once it is within learnerCatchUpEntries of the leader', async () => {
    await joinWhileCutOff(0, ['1', '2', '3'], 50);
  });
});
