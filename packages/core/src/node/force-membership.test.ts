import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { FORCE_MEMBERSHIP_CONFIRMATION, forceMembership } from './force-membership.js';
import { command } from './test-support/recording-state-machine.js';
import { TestCluster } from './test-support/test-cluster.js';

let cluster: TestCluster;
afterEach(async () => {
  await cluster.stop();
});

describe('forceMembership: recovery from a lost quorum', () => {
  it('refuses to run without the exact confirmation', async () => {
    cluster = new TestCluster(['a', 'b', 'c']);
    await cluster.start();
    const a = cluster.get('a');
    const attempt = forceMembership({
      ...a,
      members: [{ id: 'a', address: 'loopback://a', voter: true }],
      confirm: 'yes',
    });
    await expect(attempt).rejects.toBeInstanceOf(ConfigError);
    await expect(a.logStore.lastIndex()).resolves.toBe(1);
  });

  it('lets the last survivor of a 3-node cluster lead alone, keeping what it had committed', async () => {
    cluster = new TestCluster(['a', 'b', 'c']);
    await cluster.start();
    const leader = await cluster.electLeader();
    await cluster.settled(Promise.all(['1', '2'].map((text) => leader.node.propose(command(text)))));
    const survivorId = ['a', 'b', 'c'].find((id) => id !== leader.id)!;
    // Two of three nodes are lost for good: the survivor can no longer commit anything.
    for (const id of ['a', 'b', 'c']) await cluster.get(id).node.stop();
    const survivor = cluster.get(survivorId);
    const forced = await forceMembership({
      ...survivor,
      members: [{ id: survivorId, address: `loopback://${survivorId}`, voter: true }],
      confirm: FORCE_MEMBERSHIP_CONFIRMATION,
    });
    expect(forced.term).toBeGreaterThan(1);
    const restarted = cluster.add(survivorId, survivor);
    await restarted.node.start();
    await cluster.until(() => restarted.node.isLeader());
    expect(await cluster.settled(restarted.node.propose(command('3')))).toBeDefined();
    expect(restarted.stateMachine.applied).toEqual(['1', '2', '3']);
    expect(restarted.node.status().membership.members.map((member) => member.id)).toEqual([survivorId]);
  });
});
