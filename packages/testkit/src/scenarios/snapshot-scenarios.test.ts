/**
 * Named snapshot scenarios (issue 3, F12) at the cluster level, every safety invariant checked after
 * every step (including State Machine Safety over restored snapshots, by history digest).
 */
import { describe, expect, it } from 'vitest';
import { observeNode } from '../sim/observe-cluster.js';
import type { SimNode } from '../sim/sim-node.js';
import { ELECTION_MS, ScenarioCluster } from '../test-support/scenario-cluster.js';

/** Counts the snapshots a node's current process installs from a leader. */
function countInstalls(node: SimNode): { count: number } {
  const installs = { count: 0 };
  node.node!.on('snapshot-installed', () => {
    installs.count += 1;
  });
  return installs;
}

const lastIndexOf = (node: SimNode) => {
  const observation = observeNode(node);
  return observation.logBaseIndex + observation.log.length;
};

describe('scenario: a follower down longer than the trailing logs catches up by snapshot', {
  timeout: 30_000,
}, () => {
  it('installs the leader snapshot, then converges to the same state', async () => {
    const cluster = new ScenarioCluster({ snapshots: { snapshotThreshold: 20, trailingLogs: 5 } });
    try {
      const leader = await cluster.waitForLeader();
      await cluster.write('x', 'before');
      const follower = cluster.simulation.nodes.find((node) => node !== leader)!;
      follower.crash();
      const behind = lastIndexOf(follower);
      await cluster.writeMany(80);
      // The leader compacted its log past everything the follower has: the log cannot catch it up.
      expect(observeNode(leader).logBaseIndex).toBeGreaterThan(behind);
      follower.start();
      const installs = countInstalls(follower);
      const commit = leader.node!.status().commitIndex;
      await cluster.runUntil(
        () => installs.count >= 1 && cluster.converged(['n1', 'n2', 'n3'], commit),
        ELECTION_MS * 10,
        'catch-up by snapshot',
      );
      expect(cluster.simulation.restores).toBeGreaterThanOrEqual(1);
      expect(follower.stateMachine!.get('x')).toBe('before');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });

  it('catches up from the log alone when it lags by fewer entries than the trailing logs', async () => {
    const cluster = new ScenarioCluster({ snapshots: { snapshotThreshold: 20, trailingLogs: 200 } });
    try {
      const leader = await cluster.waitForLeader();
      const follower = cluster.simulation.nodes.find((node) => node !== leader)!;
      follower.crash();
      await cluster.writeMany(60);
      follower.start();
      const installs = countInstalls(follower);
      const commit = leader.node!.status().commitIndex;
      await cluster.runUntil(
        () => cluster.converged(['n1', 'n2', 'n3'], commit),
        ELECTION_MS * 10,
        'catch-up',
      );
      expect(installs.count).toBe(0);
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: a snapshot transfer interrupted by a partition completes after it heals', {
  timeout: 30_000,
}, () => {
  it('never installs half a snapshot, and installs the whole one once the link is back', async () => {
    const cluster = new ScenarioCluster({
      snapshots: { snapshotThreshold: 50, trailingLogs: 0, snapshotChunkBytes: 1024 },
    });
    try {
      const leader = await cluster.waitForLeader();
      const follower = cluster.simulation.nodes.find((node) => node !== leader)!;
      follower.crash();
      const appliedBefore = 0;
      await cluster.writeMany(250);
      follower.start();
      const installs = countInstalls(follower);
      const inSnapshotState = () => leader.node!.status().progress?.get(follower.id)?.state === 'snapshot';
      await cluster.runUntil(inSnapshotState, ELECTION_MS * 5, 'a snapshot transfer to start');
      // Let a few of the many chunks through, then cut the follower off mid-transfer.
      await cluster.runFor(4);
      expect(installs.count).toBe(0);
      cluster.network.isolate(follower.id);
      await cluster.runFor(ELECTION_MS * 3);
      expect(installs.count).toBe(0);
      // Nothing half-installed: no restore happened: the state machine still has none of the writes.
      expect(follower.stateMachine!.get('bulk')).toBeUndefined();
      expect(follower.node!.status().appliedIndex).toBeLessThanOrEqual(Math.max(appliedBefore, 2));
      cluster.network.heal();
      const commit = leader.node!.status().commitIndex;
      await cluster.runUntil(
        () => installs.count >= 1 && cluster.converged(['n1', 'n2', 'n3'], commit),
        ELECTION_MS * 20,
        'the transfer to complete',
      );
      expect(follower.stateMachine!.get('bulk')).toBe('249');
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});

describe('scenario: two snapshots in quick succession while a follower restarts from its own', {
  timeout: 30_000,
}, () => {
  it('restarts every node from its snapshot plus the log after it, with identical state', async () => {
    const cluster = new ScenarioCluster({ snapshots: { snapshotThreshold: 10, trailingLogs: 2 } });
    try {
      const leader = await cluster.waitForLeader();
      const taken: number[] = [];
      leader.node!.on('snapshot-taken', ({ metadata }) => taken.push(metadata.lastIncludedIndex));
      // Two waves just past the threshold each: the second snapshot follows the first within milliseconds.
      const started = cluster.now;
      await cluster.writeMany(11);
      await cluster.writeMany(11);
      await cluster.runUntil(() => taken.length >= 2, ELECTION_MS, 'two snapshots');
      expect(cluster.now - started).toBeLessThan(ELECTION_MS);
      const commit = leader.node!.status().commitIndex;
      await cluster.runUntil(
        () => cluster.converged(['n1', 'n2', 'n3'], commit),
        ELECTION_MS * 10,
        'convergence',
      );
      const restoresBefore = cluster.simulation.restores;
      for (const node of cluster.simulation.nodes) {
        node.crash();
        node.start();
      }
      await cluster.waitForLeader();
      await cluster.write('x', 'after restart');
      // Each restart restored from a snapshot (checked against the applied history's digest).
      expect(cluster.simulation.restores - restoresBefore).toBeGreaterThanOrEqual(3);
      await cluster.finish();
    } catch (error) {
      cluster.stop();
      throw error;
    }
  });
});
