import { afterEach, describe, expect, it } from 'vitest';
import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import type { Membership } from '../types/membership.js';
import { TestCluster, type TestNode } from './test-support/test-cluster.js';

let cluster: TestCluster;
afterEach(async () => {
  await cluster.stop();
});

async function threeNodes(learnerCatchUpEntries = 1024): Promise<{ leader: TestNode; follower: TestNode }> {
  cluster = new TestCluster(['a', 'b', 'c'], { learnerCatchUpEntries });
  await cluster.start();
  const leader = await cluster.electLeader();
  // Followers learn who leads from its first append.
  await cluster.until(() => [...cluster.nodes.values()].every((node) => node.node.leader() === leader.id));
  const follower = [...cluster.nodes.values()].find((member) => member !== leader)!;
  return { leader, follower };
}

function members(membership: Membership): string[] {
  return membership.members.map((member) => `${member.id}${member.voter ? '' : '(learner)'}`).sort();
}

describe('join and leave called on a follower are forwarded to the leader', () => {
  it('joins a new voter through a follower; the follower has applied the change when it resolves', async () => {
    const { leader, follower } = await threeNodes();
    const joiner = cluster.add('d');
    await joiner.node.start();
    await cluster.settled(follower.node.join('d', 'loopback://d'));
    expect(members(follower.node.status().membership)).toEqual(['a', 'b', 'c', 'd']);
    expect(members(leader.node.status().membership)).toEqual(['a', 'b', 'c', 'd']);
    expect(cluster.network.deliveredByType.get('forward-membership')).toBeGreaterThanOrEqual(1);
    expect(cluster.network.deliveredByType.get('forward-membership-response')).toBe(1);
  });

  it('removes a node through a follower, including the follower itself', async () => {
    const { leader, follower } = await threeNodes();
    const other = cluster.initialIds.find((id) => id !== leader.id && id !== follower.id)!;
    await cluster.settled(follower.node.leave(other));
    expect(members(follower.node.status().membership)).toEqual([leader.id, follower.id].sort());
    await cluster.settled(follower.node.leave(follower.id));
    expect(members(leader.node.status().membership)).toEqual([leader.id]);
  });

  it('is idempotent through a follower as on the leader', async () => {
    const { follower } = await threeNodes();
    await cluster.settled(follower.node.leave('never-a-member'));
    await cluster.settled(follower.node.join(follower.id, `loopback://${follower.id}`));
    expect(members(follower.node.status().membership)).toEqual(['a', 'b', 'c']);
  });

  it("passes the leader's refusal on as MembershipChangeError", async () => {
    const { leader, follower } = await threeNodes();
    const other = cluster.initialIds.find((id) => id !== leader.id && id !== follower.id)!;
    // A voter cannot be re-added under another address (it would first become a learner).
    const error = await cluster
      .settled(follower.node.join(other, 'loopback://elsewhere'))
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(MembershipChangeError);
    expect((error as MembershipChangeError).reason).toContain('already a voter');
  });

  it('refuses an id or address no transport could carry before anything is sent', async () => {
    const { leader, follower } = await threeNodes();
    for (const node of [leader, follower]) {
      await expect(node.node.join('d', 'x'.repeat(1025))).rejects.toBeInstanceOf(MembershipChangeError);
      await expect(node.node.leave('')).rejects.toBeInstanceOf(MembershipChangeError);
    }
    expect(cluster.network.deliveredByType.get('forward-membership')).toBeUndefined();
    expect(members(leader.node.status().membership)).toEqual(['a', 'b', 'c']);
  });

  it('re-sends a request the network lost, and the leader runs it once', async () => {
    const { leader, follower } = await threeNodes();
    let dropped = 0;
    cluster.network.intercept = (message) => {
      if (message.type === 'forward-membership' && dropped === 0) {
        dropped += 1;
        return undefined;
      }
      return message;
    };
    const other = cluster.initialIds.find((id) => id !== leader.id && id !== follower.id)!;
    await cluster.settled(follower.node.leave(other));
    expect(dropped).toBe(1);
    expect(members(leader.node.status().membership)).not.toContain(other);
  });

  it('re-sends when the answer is lost; the leader answers the re-sent request again', async () => {
    const { leader, follower } = await threeNodes();
    let droppedAnswers = 0;
    cluster.network.intercept = (message) => {
      if (message.type === 'forward-membership-response' && droppedAnswers === 0) {
        droppedAnswers += 1;
        return undefined;
      }
      return message;
    };
    const other = cluster.initialIds.find((id) => id !== leader.id && id !== follower.id)!;
    await cluster.settled(follower.node.leave(other));
    expect(droppedAnswers).toBe(1);
    expect(cluster.network.deliveredByType.get('forward-membership')).toBe(2);
  });

  it('rejects with NotLeaderError when the follower knows no leader', async () => {
    cluster = new TestCluster(['a', 'b', 'c']);
    await cluster.start();
    // No time has passed: nobody has campaigned, no one knows a leader.
    const error = await cluster
      .get('a')
      .node.join('d', 'loopback://d')
      .catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(NotLeaderError);
    expect((error as NotLeaderError).leaderHint).toBeUndefined();
  });

  it('rejects with OutcomeUnknownError when the leader changes before it answers', async () => {
    // No slack: an isolated learner is never caught up, so the leader waits to promote it.
    const { leader, follower } = await threeNodes(0);
    cluster.add('d');
    await cluster.get('d').node.start();
    cluster.network.isolate('d');
    // The leader adds d as a learner, then waits for it to catch up: the answer is a while away.
    const forwarded = follower.node.join('d', 'loopback://d').catch((reason: unknown) => reason);
    await cluster.until(() => members(leader.node.status().membership).includes('d(learner)'));
    const next = cluster.initialIds.find((id) => id !== leader.id)!;
    await cluster.settled(leader.node.transferLeadership(next));
    const error = await cluster.settled(forwarded);
    expect(error).toBeInstanceOf(OutcomeUnknownError);
  });
});
