/**
 * Named scenarios for the classic election and read pitfalls (issue 2), at the cluster level: real
 * nodes, simulated network and disks, every safety invariant checked after every step. Each one
 * asserts what would be false if the protection it names were missing (and, where cheap, a control
 * run with the protection off shows the failure is real).
 */
import { describe, expect, it } from 'vitest';
import { entryAt } from '../invariants/observation.js';
import { observeNode } from '../sim/observe-cluster.js';
import type { SimNode } from '../sim/sim-node.js';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

const termOf = (node: SimNode) => node.node!.status().term;

/** Isolates one follower for six election timeouts, heals, and reports what the leader went through. */
async function isolateAndRejoin(preVote: boolean) {
  const cluster = new ScenarioCluster({ preVote, checkQuorum: false });
  try {
    const leader = await cluster.waitForLeader();
    await cluster.write('x', '1');
    const term = termOf(leader);
    const follower = cluster.simulation.nodes.find((node) => node !== leader)!;
    cluster.network.isolate(follower.id);
    await cluster.runFor(ELECTION_MS * 6);
    const isolatedTerm = termOf(follower);
    cluster.network.heal();
    await cluster.runFor(ELECTION_MS * 4);
    await cluster.write('x', '2');
    const result = {
      term,
      isolatedTerm,
      stillLeader: cluster.leader() === leader,
      termAfter: termOf(cluster.leader()!),
    };
    await cluster.finish();
    return result;
  } catch (error) {
    cluster.stop();
    throw error;
  }
}

describe('scenario: a partitioned node rejoining does not depose a healthy leader (pre-vote, F10)', {
  timeout: 30_000,
}, () => {
  it('keeps the leader and its term when pre-vote is on', async () => {
    const result = await isolateAndRejoin(true);
    // The isolated node's pre-votes failed, so it never raised its term.
    expect(result.isolatedTerm).toBe(result.term);
    expect(result.stillLeader).toBe(true);
    expect(result.termAfter).toBe(result.term);
  });

  it('control: without pre-vote the rejoining node inflates the term and forces a new election', async () => {
    const result = await isolateAndRejoin(false);
    expect(result.isolatedTerm).toBeGreaterThan(result.term);
    expect(result.termAfter).toBeGreaterThan(result.term);
  });
});

describe('scenario: a leader cut off from the majority steps down (check-quorum, F8)', {
  timeout: 30_000,
}, () => {
  async function isolateLeader(checkQuorum: boolean) {
    const cluster = new ScenarioCluster({ checkQuorum });
    try {
      const leader = await cluster.waitForLeader();
      await cluster.write('x', '1');
      cluster.network.isolate(leader.id);
      await cluster.runFor(ELECTION_MS * 3);
      const result = {
        oldLeaderState: leader.node!.state(),
        newLeader: cluster.simulation.nodes.find((node) => node !== leader && node.node!.isLeader())?.id,
      };
      cluster.network.heal();
      await cluster.waitForLeader();
      await cluster.finish();
      return result;
    } catch (error) {
      cluster.stop();
      throw error;
    }
  }

  it('steps down within a few election timeouts while the majority elects a new leader', async () => {
    const result = await isolateLeader(true);
    expect(result.oldLeaderState).not.toBe('leader');
    expect(result.newLeader).toBeDefined();
  });

  it('control: without check-quorum the cut-off leader goes on believing it leads', async () => {
    const result = await isolateLeader(false);
    expect(result.oldLeaderState).toBe('leader');
    expect(result.newLeader).toBeDefined();
  });
});

describe('scenario: a stale leader cannot serve a linearizable read (F7)', { timeout: 30_000 }, () => {
  it('never answers read() while cut off, even though it still believes it leads', async () => {
    // Check-quorum off: nothing makes the old leader step down, only ReadIndex protects readers.
    const cluster = new ScenarioCluster({ checkQuorum: false });
    try {
      const stale = await cluster.waitForLeader();
      await cluster.write('x', 'old');
      cluster.network.isolate(stale.id);
      const fresh = await (async () => {
        await cluster.runUntil(
          () => cluster.simulation.nodes.some((node) => node !== stale && node.node!.isLeader()),
          ELECTION_MS * 10,
          'a new leader on the majority side',
        );
        return cluster.simulation.nodes.find((node) => node !== stale && node.node!.isLeader())!;
      })();
      await cluster.write('x', 'new', fresh);
      expect(stale.node!.isLeader()).toBe(true);
      expect(stale.stateMachine!.get('x')).toBe('old');
      // A read barrier on the stale leader must not complete: completing it would let a client
      // read "old" after "new" was acknowledged.
      const outcome = await cluster.settleWithin(stale.node!.read(), ELECTION_MS * 5);
      expect(outcome?.ok).not.toBe(true);
      cluster.network.heal();
      await cluster.runUntil(() => cluster.converged(['n1', 'n2', 'n3'], 0), ELECTION_MS * 10, 'convergence');
      expect(stale.stateMachine!.get('x')).toBe('new');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: leadership transfer to a lagging follower catches it up first (F15)', {
  timeout: 30_000,
}, () => {
  it('the target leads only with every entry committed before the transfer', async () => {
    const cluster = new ScenarioCluster();
    try {
      const leader = await cluster.waitForLeader();
      const target = cluster.simulation.nodes.find((node) => node !== leader)!;
      cluster.network.isolate(target.id);
      await cluster.writeMany(40);
      const committed = leader.node!.status().commitIndex;
      cluster.network.heal();
      // Right after healing the target is far behind.
      expect(target.node!.status().commitIndex).toBeLessThan(committed - 30);
      let logAtElection: number | undefined;
      const transfer = leader.node!.transferLeadership(target.id);
      await cluster.runUntil(
        () => {
          if (target.node!.isLeader() && logAtElection === undefined) {
            const observation = observeNode(target);
            logAtElection = observation.logBaseIndex + observation.log.length;
          }
          return logAtElection !== undefined;
        },
        ELECTION_MS * 5,
        'the target to lead',
      );
      expect((await cluster.settle(transfer, ELECTION_MS * 2, 'the transfer')).ok).toBe(true);
      // It had caught up before it campaigned: it leads with everything that was committed.
      expect(logAtElection).toBeGreaterThanOrEqual(committed);
      await cluster.write('x', 'after transfer');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe("scenario: the paper's Figure 8 — entries from previous terms are not committed by counting replicas", {
  timeout: 30_000,
}, () => {
  it('commits an old-term entry only together with an entry of the current term', async () => {
    const cluster = new ScenarioCluster({ nodes: 5, checkQuorum: false });
    /** Every time a leader's commit index moves, it must land on an entry of the leader's own term. */
    const commitChecks: string[] = [];
    const lastCommit = new Map<string, number>();
    const watch = () => {
      for (const node of cluster.simulation.nodes) {
        if (!node.isRunning()) continue;
        const observation = observeNode(node);
        const key = `${node.id}/${node.incarnation}/${observation.term}`;
        const previous = lastCommit.get(key);
        lastCommit.set(key, observation.commitIndex);
        if (observation.role !== 'leader' || previous === undefined || observation.commitIndex <= previous)
          continue;
        const entry = entryAt(observation, observation.commitIndex);
        if (entry !== undefined && entry.term !== observation.term) {
          commitChecks.push(
            `${node.id} (term ${observation.term}) committed through an entry of term ${entry.term}`,
          );
        }
      }
      return false;
    };
    try {
      const s1 = await cluster.waitForLeader();
      await cluster.write('x', 'base');
      const [s2, s3, s4, s5] = cluster.simulation.nodes.filter((node) => node !== s1) as [
        SimNode,
        SimNode,
        SimNode,
        SimNode,
      ];
      // (a) S1 leads; it replicates one more entry to S2 only.
      cluster.network.partition([s1.id, s2.id], [s3.id, s4.id, s5.id]);
      const oldEntry = cluster.propose('x', 'from the old term');
      oldEntry.catch(() => {});
      await cluster.runFor(50);
      const index = s1.node!.status().lastIndex;
      const oldTerm = termOf(s1);
      expect(entryAt(observeNode(s2), index)?.term).toBe(oldTerm);
      expect(s1.node!.status().commitIndex).toBeLessThan(index);
      // (b) S1 crashes, and so does S3; S2, S4, S5 remain. Only S2 (the longest log) can win.
      s1.crash();
      s3.crash();
      cluster.network.heal();
      await cluster.runUntil(
        () => {
          watch();
          return s2.node!.isLeader();
        },
        ELECTION_MS * 10,
        'S2 to lead',
      );
      expect(termOf(s2)).toBeGreaterThan(oldTerm);
      // (c) S2 replicates the old-term entry to S4 and S5: a majority of five holds it.
      await cluster.runUntil(
        () => {
          watch();
          return (
            [s4, s5].every((node) => entryAt(observeNode(node), index)?.term === oldTerm) &&
            s2.node!.status().commitIndex >= index
          );
        },
        ELECTION_MS * 5,
        'the old entry to replicate and commit',
      );
      // It committed only through S2's own entry after it (its no-op), never by counting replicas.
      expect(s2.node!.status().commitIndex).toBeGreaterThan(index);
      expect(entryAt(observeNode(s2), index + 1)?.term).toBe(termOf(s2));
      s1.start();
      s3.start();
      await cluster.runUntil(
        () => {
          watch();
          return cluster.converged(
            cluster.simulation.nodes.map((n) => n.id),
            index,
          );
        },
        ELECTION_MS * 10,
        'convergence',
      );
      expect(commitChecks).toEqual([]);
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});
