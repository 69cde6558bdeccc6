/**
 * Found by the membership soak (seed 203 of `--faults all`): `join()`/`leave()` waited for their
 * config entry to be applied, and if the proposing leader was deposed with a long uncommitted tail,
 * nothing was ever applied at that index in an idle cluster, so the promise never settled. The
 * driver now rejects everything its leadership appended with OutcomeUnknownError when it loses
 * leadership (issue 2: "outcome unknown, e.g. leadership lost after append").
 */
import { describe, expect, it } from 'vitest';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

describe('leave() on a leader that loses leadership with a long uncommitted tail', {
  timeout: 30_000,
}, () => {
  it('settles (e.g. OutcomeUnknownError) instead of waiting forever in an idle cluster', async () => {
    // Check-quorum off, so the cut-off leader keeps accepting proposals.
    const cluster = new ScenarioCluster({ checkQuorum: false });
    try {
      const n1 = await cluster.waitForLeader();
      await cluster.write('x', '1');
      cluster.network.isolate(n1.id);
      // Five uncommitted writes, then the membership change after them.
      for (let k = 0; k < 5; k++) cluster.propose('x', `lost ${k}`, n1).catch(() => {});
      await cluster.runFor(5);
      const other = cluster.simulation.nodes.find((node) => node !== n1)!;
      const leave = n1.node!.leave(other.id);
      leave.catch(() => {});
      // The majority elects a new leader, which writes only its no-op.
      await cluster.runUntil(
        () => cluster.simulation.nodes.some((node) => node !== n1 && node.node!.isLeader()),
        ELECTION_MS * 10,
        'a new leader',
      );
      cluster.network.heal();
      // n1 hears of the new term, steps down and truncates its tail. The cluster then stays idle.
      const outcome = await cluster.settleWithin(leave, ELECTION_MS * 20);
      expect(n1.node!.isLeader()).toBe(false);
      expect(outcome).toBeDefined();
    } finally {
      cluster.stop();
    }
  });
});
