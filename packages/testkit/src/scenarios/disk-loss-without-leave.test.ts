/**
 * Repro of a core gap found by the F16 (permanent disk loss) work: NOT fixed here (testkit only).
 *
 * A voter whose disk is lost, restarted as a new node (empty stores, not bootstrapping) WITHOUT first
 * being removed with `leave`, grants its vote to any candidate — its empty log is "less up to date"
 * than everyone's — although it has no configuration at all. The cluster still counts it as a voter,
 * so a candidate lacking a committed entry wins with it, and the committed entry is lost
 * (Leader Completeness fails at once; durability too).
 *
 * FAULTS.md F16 asks for "correct rejoin as a new member, or refusal". The correct rejoin (leave,
 * wipe, join) is covered in membership-scenarios.test.ts and in the simulation's `wipe-rejoin` fault,
 * and is safe. This test expects the refusal: a node that has never been given a configuration
 * should not vote (it has no business in any election until a leader adds it);
 * engine/election.ts `handleRequestVote` now refuses votes from a node with no configuration.
 * (The other naive path, restarting the wiped node with an `initialMembers` list naming itself,
 * re-bootstraps it and cannot be told apart from a first boot without a cluster identity.)
 */
import { describe, expect, it } from 'vitest';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

describe('a voter restarted on an empty disk without leave (F16)', { timeout: 30_000 }, () => {
  it('does not let a stale candidate win with its vote and lose a committed write', async () => {
    const cluster = new ScenarioCluster({ preVote: false, checkQuorum: false });
    try {
      const n1 = await cluster.waitForLeader();
      await cluster.write('x', 'first');
      const [n2, n3] = cluster.simulation.nodes.filter((node) => node !== n1) as [typeof n1, typeof n1];
      // n3 misses the next write, which n1 and n2 commit.
      cluster.network.isolate(n3.id);
      await cluster.write('x', 'committed');
      // n1 goes down; n2 loses its disk and comes back empty, still a voter in everyone's config.
      n1.crash();
      n2.crash();
      n2.wipe();
      n2.start();
      cluster.network.heal();
      // n3 campaigns; only n2's vote can elect it. Every invariant is checked after every step.
      await cluster.runFor(ELECTION_MS * 10);
      n1.start();
      await cluster.runFor(ELECTION_MS * 10);
      expect(cluster.simulation.checker.violation).toBeUndefined();
      await cluster.finish();
    } finally {
      cluster.stop();
    }
  });
});
