import { describe, expect, it } from 'vitest';
import { runExampleCluster } from './cluster.js';

describe('the example cluster', () => {
  it('replicates commands proposed on the leader and on followers, and every node converges to the same state', async () => {
    const result = await runExampleCluster({ commands: 60, concurrency: 4, log: () => {} });

    // A leader change mid-run (a long stall on a busy machine) may leave a few outcomes unknown.
    expect(result.acknowledged + result.unknown).toBe(60);
    expect(result.acknowledged).toBeGreaterThan(0);
    expect(result.viaFollower).toBeGreaterThan(0);
    const maxTotal = result.expectedTotal + result.unknownTotal;
    for (const total of [result.readTotal, result.followerReadTotal]) {
      expect(total).toBeGreaterThanOrEqual(result.expectedTotal);
      expect(total).toBeLessThanOrEqual(maxTotal);
    }
    expect(result.nodes).toHaveLength(3);
    const [first, ...others] = result.nodes;
    for (const node of others) {
      expect(node.digest).toBe(first!.digest);
      expect(node.appliedIndex).toBe(first!.appliedIndex);
    }
    expect(first!.total).toBeGreaterThanOrEqual(result.expectedTotal);
    expect(first!.total).toBeLessThanOrEqual(maxTotal);
    expect(result.nodes.filter((node) => node.role === 'leader')).toHaveLength(1);
    expect(result.agreed).toBe(true);
  });
});
