/**
 * Named membership scenarios (issue 3, F14) at the cluster level, every safety invariant (including
 * No Disjoint Majorities) checked after every step.
 */
import { MembershipChangeError, voterIds } from '@raft/core';
import { describe, expect, it } from 'vitest';
import type { SimNode } from '../sim/sim-node.js';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

const voters = (node: SimNode) => voterIds(node.node!.status().membership).sort();

describe('scenario: a 3-node cluster grows to 5 and shrinks to 3 under load', { timeout: 30_000 }, () => {
  it('loses no acknowledged proposal and keeps the history linearizable', async () => {
    const cluster = new ScenarioCluster({
      spareNodes: 2,
      snapshots: { snapshotThreshold: 30, trailingLogs: 5 },
    });
    try {
      await cluster.waitForLeader();
      cluster.startWorkload();
      await cluster.runFor(ELECTION_MS);
      for (const id of ['n4', 'n5']) {
        const outcome = await cluster.settle(
          cluster.leader()!.node!.join(id, id),
          ELECTION_MS * 20,
          `join ${id}`,
        );
        expect(outcome.ok).toBe(true);
      }
      expect(voters(cluster.leader()!)).toEqual(['n1', 'n2', 'n3', 'n4', 'n5']);
      // Shrink by removing two of the original members, the leader first if it is one of them.
      for (const id of ['n1', 'n2']) {
        await cluster.waitForLeader();
        const outcome = await cluster.settle(
          cluster.leader()!.node!.leave(id),
          ELECTION_MS * 20,
          `leave ${id}`,
        );
        expect(outcome.ok).toBe(true);
        await cluster.runFor(ELECTION_MS);
      }
      const leader = await cluster.waitForLeader();
      expect(voters(leader)).toEqual(['n3', 'n4', 'n5']);
      await cluster.runFor(ELECTION_MS * 2);
      await cluster.stopWorkload();
      const { counts } = cluster.simulation.workload;
      expect(counts.completed).toBeGreaterThan(50);
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: the leader removes itself', { timeout: 30_000 }, () => {
  it('leads until the removal commits, then steps down and a successor is elected promptly', async () => {
    const cluster = new ScenarioCluster();
    try {
      const leader = await cluster.waitForLeader();
      await cluster.write('x', '1');
      const outcome = await cluster.settle(leader.node!.leave(leader.id), ELECTION_MS * 5, 'self-removal');
      expect(outcome.ok).toBe(true);
      const removedAt = cluster.now;
      await cluster.runUntil(
        () => cluster.simulation.nodes.some((node) => node !== leader && node.node!.isLeader()),
        ELECTION_MS * 2,
        'a successor',
      );
      // Handed over at once (timeout-now), well within one election timeout.
      expect(cluster.now - removedAt).toBeLessThan(ELECTION_MS);
      expect(leader.node!.isLeader()).toBe(false);
      const successor = cluster.leader()!;
      expect(voters(successor)).not.toContain(leader.id);
      await cluster.write('x', '2');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: a removed node that comes back is ignored', { timeout: 30_000 }, () => {
  for (const preVote of [true, false]) {
    it(`does not disturb the leader or its term (pre-vote ${preVote ? 'on' : 'off'}, check-quorum on)`, async () => {
      const cluster = new ScenarioCluster({ preVote });
      try {
        const leader = await cluster.waitForLeader();
        await cluster.write('x', '1');
        const removed = cluster.simulation.nodes.find((node) => node !== leader)!;
        // Cut off first, so it never hears of its removal and keeps believing it is a voter.
        cluster.network.isolate(removed.id);
        const outcome = await cluster.settle(leader.node!.leave(removed.id), ELECTION_MS * 5, 'removal');
        expect(outcome.ok).toBe(true);
        await cluster.runFor(ELECTION_MS * 5);
        const term = leader.node!.status().term;
        cluster.network.heal();
        await cluster.runFor(ELECTION_MS * 6);
        expect(cluster.leader()).toBe(leader);
        expect(leader.node!.status().term).toBe(term);
        expect(voters(leader)).not.toContain(removed.id);
        await cluster.write('x', '2');
        await cluster.finish();
      } catch (error) {
        cluster.stop();
        throw error;
      }
    });
  }
});

describe('scenario: concurrent membership changes', { timeout: 30_000 }, () => {
  it('accepts one change at a time and refuses the other with MembershipChangeError', async () => {
    const cluster = new ScenarioCluster({ spareNodes: 2 });
    try {
      const leader = await cluster.waitForLeader();
      await cluster.write('x', '1');
      const both = Promise.allSettled([leader.node!.join('n4', 'n4'), leader.node!.join('n5', 'n5')]);
      const settled = await cluster.settle(both, ELECTION_MS * 10, 'both changes');
      if (!settled.ok) throw settled.error;
      const [a, b] = settled.value.map((result) =>
        result.status === 'fulfilled'
          ? { ok: true as const }
          : { ok: false as const, error: result.reason as unknown },
      ) as [{ ok: boolean; error?: unknown }, { ok: boolean; error?: unknown }];
      expect(a.ok).toBe(true);
      expect(b.ok).toBe(false);
      expect(b.error).toBeInstanceOf(MembershipChangeError);
      expect(voters(cluster.leader()!)).toEqual(['n1', 'n2', 'n3', 'n4']);
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: a node that lost its disk rejoins as a new member (F16)', { timeout: 30_000 }, () => {
  it('is removed, wiped, and added back as a learner that catches up and becomes a voter', async () => {
    const cluster = new ScenarioCluster({ snapshots: { snapshotThreshold: 20, trailingLogs: 2 } });
    try {
      const leader = await cluster.waitForLeader();
      await cluster.writeMany(40);
      const lost = cluster.simulation.nodes.find((node) => node !== leader)!;
      expect((await cluster.settle(leader.node!.leave(lost.id), ELECTION_MS * 5, 'leave')).ok).toBe(true);
      lost.crash();
      lost.wipe();
      lost.start();
      await cluster.runFor(ELECTION_MS * 3);
      // A wiped node is nobody: it neither bootstrapped a cluster of its own nor campaigned.
      expect(lost.node!.status().term).toBe(0);
      expect(lost.node!.status().membership.members).toEqual([]);
      expect(
        (await cluster.settle(cluster.leader()!.node!.join(lost.id, lost.id), ELECTION_MS * 10, 'join')).ok,
      ).toBe(true);
      expect(voters(cluster.leader()!)).toContain(lost.id);
      const commit = cluster.leader()!.node!.status().commitIndex;
      await cluster.runUntil(
        () => cluster.converged(['n1', 'n2', 'n3'], commit),
        ELECTION_MS * 10,
        'catch-up',
      );
      expect(lost.stateMachine!.get('bulk')).toBe('39');
      await cluster.write('x', 'after rejoin');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});
