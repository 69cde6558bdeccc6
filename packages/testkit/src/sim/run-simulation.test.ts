import { describe, expect, it, vi } from 'vitest';
import { runSimulation } from './run-simulation.js';
import { SimNode } from './sim-node.js';
import { SimulatedDisk } from './simulated-disk.js';
import { SimulationFailure } from './simulation-failure.js';

describe('runSimulation', { timeout: 60_000 }, () => {
  it('is reproducible from its seed', async () => {
    const first = await runSimulation({ seed: 42, faults: 'all', durationMs: 1500 });
    const second = await runSimulation({ seed: 42, faults: 'all', durationMs: 1500 });
    expect(second.steps).toBe(first.steps);
    expect(second.virtualTimeMs).toBe(first.virtualTimeMs);
    expect(second.history).toEqual(first.history);
    expect(second.faults).toEqual(first.faults);
  });

  it('reports what it covered', async () => {
    const result = await runSimulation({
      seed: 3,
      faults: 'none',
      durationMs: 1500,
      preVote: true,
      checkQuorum: false,
    });
    expect(result).toMatchObject({ seed: 3, nodes: 3, preVote: true, checkQuorum: false, faults: {} });
    expect(result.operations.completed).toBeGreaterThan(10);
    expect(result.history.length).toBe(result.operations.completed + result.operations.unknown);
    expect(result.finalAppliedIndex).toBeGreaterThan(10);
  });

  it('takes snapshots, compacts and restores from snapshots under the snapshots mix', async () => {
    const result = await runSimulation({ seed: 7, faults: 'snapshots', durationMs: 3000 });
    expect(result.snapshots.snapshotThreshold).toBeLessThanOrEqual(40);
    expect(result.faults['snapshot-catch-up'] ?? 0).toBeGreaterThan(0);
    // Restarts from a snapshot and snapshots installed by a leader, each checked by history digest.
    expect(result.snapshotRestores).toBeGreaterThan(0);
  });

  it('grows the cluster with spare machines under the membership mix, all voters at the end', async () => {
    const result = await runSimulation({ seed: 2, faults: 'membership', durationMs: 3000 });
    expect(result.nodes).toBe(5);
    expect(Object.keys(result.faults).length).toBeGreaterThan(1);
  });

  it('stops the faulty phase early at maxSteps', async () => {
    const result = await runSimulation({ seed: 5, faults: 'crashes', durationMs: 60_000, maxSteps: 500 });
    expect(result.virtualTimeMs).toBeLessThan(60_000);
  });

  it('fails with the seed and a trace when a disk loses acknowledged writes', async () => {
    // A disk that lies: each crash also drops the last durable entries and forgets the vote.
    const crash = SimulatedDisk.prototype.crash;
    const spy = vi.spyOn(SimulatedDisk.prototype, 'crash').mockImplementation(function (this: SimulatedDisk) {
      crash.call(this);
      const internals = this as unknown as {
        durable: { log: { entries: unknown[] }; hardState: object | undefined };
        volatile: { log: { entries: unknown[] }; hardState: object | undefined };
      };
      internals.durable.log.entries.length = Math.max(1, internals.durable.log.entries.length - 2);
      if (internals.durable.hardState !== undefined) {
        internals.durable.hardState = { ...internals.durable.hardState, votedFor: undefined, commitIndex: 0 };
      }
      internals.volatile.log.entries = internals.durable.log.entries.slice();
      internals.volatile.hardState = internals.durable.hardState;
    });
    try {
      const failures: SimulationFailure[] = [];
      for (let seed = 1; seed <= 12 && failures.length === 0; seed++) {
        try {
          await runSimulation({ seed, faults: 'crashes', durationMs: 4000, livenessTimeoutMs: 4000 });
        } catch (error) {
          if (!(error instanceof SimulationFailure)) throw error;
          failures.push(error);
        }
      }
      const failure = failures[0];
      expect(failure).toBeDefined();
      expect(failure!.message).toMatch(/^simulation seed \d+ failed \((safety|linearizability|liveness)\)/);
      expect(failure!.message).toContain('last cluster events:');
      expect(failure!.message).toMatch(/crashed/);
    } finally {
      spy.mockRestore();
    }
  });

  it('fails on stale reads when nodes serve reads without the ReadIndex barrier', async () => {
    // Every node answers read() at once from its local state, as a leader that skipped ReadIndex would.
    const start = SimNode.prototype.start;
    const spy = vi.spyOn(SimNode.prototype, 'start').mockImplementation(function (this: SimNode) {
      start.call(this);
      if (this.node !== undefined) this.node.read = async () => {};
    });
    try {
      let failure: SimulationFailure | undefined;
      for (let seed = 1; seed <= 10 && failure === undefined; seed++) {
        try {
          await runSimulation({ seed, faults: 'partitions', durationMs: 4000 });
        } catch (error) {
          if (!(error instanceof SimulationFailure)) throw error;
          failure = error;
        }
      }
      expect(failure?.kind).toBe('linearizability');
      expect(failure?.message).toMatch(/the client history is not linearizable on key "k\d"/);
      expect(failure?.message).toContain('no operation could take effect next');
    } finally {
      spy.mockRestore();
    }
  });
});
