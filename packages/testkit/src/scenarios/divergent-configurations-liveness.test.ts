/**
 * Regression test of a liveness finding of the `--faults all` soak (seed 121), pre-vote off.
 *
 * Check-quorum on, three voters L, A, B. A partition cuts the leader L off; L appends "remove A"
 * (its configuration becomes {L, B}, uncommitted). A is elected by A and B, commits its no-op and
 * appends "remove B" (configuration {A, L} on A and B, uncommitted), then steps down (check-quorum:
 * L is unreachable). After healing, only A can win (it needs L's vote; L needs B's, and B, which
 * holds a newer log, always refuses L). L campaigns every election timeout and raises its term each
 * time, and A learns L's term only from L's refusals, so A's candidacies used to arrive one term
 * late until A's randomized timeout happened to fire first: 27.5 election timeouts with this seed.
 *
 * The fix (core, election.ts): L's refusal, given only for A's older term, invites A to campaign
 * again at once (L follows no leader, voted only for itself, and A's log is strictly newer). Now
 * A wins about one election timeout after healing.
 */
import { describe, expect, it } from 'vitest';
import type { SimNode } from '../sim/sim-node.js';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

/** Sets up the two divergent uncommitted configurations, heals, and returns the election timeouts until a leader. */
async function timeToLeaderAfterHealing(preVote: boolean): Promise<number> {
  const cluster = new ScenarioCluster({ seed: 8, preVote, checkQuorum: true });
  try {
    const l = await cluster.waitForLeader();
    await cluster.write('x', '1');
    const [a, b] = cluster.simulation.nodes.filter((node) => node !== l) as [SimNode, SimNode];
    cluster.network.partition([l.id], [a.id, b.id]);
    l.node!.leave(a.id).catch(() => {});
    await cluster.runUntil(() => a.node!.isLeader() || b.node!.isLeader(), ELECTION_MS * 10, 'a new leader');
    const leader = a.node!.isLeader() ? a : b;
    const partner = leader === a ? b : a;
    const status = () => leader.node!.status();
    await cluster.runUntil(() => status().commitIndex >= status().lastIndex, ELECTION_MS * 5, 'its no-op');
    leader.node!.leave(partner.id).catch(() => {});
    await cluster.runUntil(() => !leader.node!.isLeader(), ELECTION_MS * 10, 'check-quorum to depose it');
    await cluster.runFor(ELECTION_MS * 2);
    cluster.network.heal();
    const healedAt = cluster.now;
    await cluster.runUntil(() => cluster.leader() !== undefined, ELECTION_MS * 100, 'a leader after healing');
    return (cluster.now - healedAt) / ELECTION_MS;
  } finally {
    cluster.stop();
  }
}

describe('divergent uncommitted configurations after a partition, pre-vote off', {
  timeout: 30_000,
}, () => {
  it('elects a leader within 3 election timeouts of healing', async () => {
    expect(await timeToLeaderAfterHealing(false)).toBeLessThan(3);
  });

  it('control: with pre-vote on, the same schedule elects a leader at once', async () => {
    expect(await timeToLeaderAfterHealing(true)).toBeLessThan(3);
  });
});
