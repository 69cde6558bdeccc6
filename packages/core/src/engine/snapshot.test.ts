import { describe, expect, it } from 'vitest';
import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import { RaftEngine } from './raft-engine.js';
import { EngineNetwork, engineOptions } from './test-support/engine-network.js';

/** Takes a snapshot on `id` at its applied index, as a driver would, and compacts its log through it. */
function snapshotAndCompact(network: EngineNetwork, id: string): SnapshotMetadata {
  const engine = network.engine(id);
  const { appliedIndex } = engine.status();
  const snapshot: SnapshotMetadata = {
    id: `${id}-${appliedIndex}`,
    lastIncludedIndex: appliedIndex,
    lastIncludedTerm: engine.termAt(appliedIndex)!,
    membership: engine.membershipAt(appliedIndex),
    sizeBytes: 0,
  };
  engine.registerSnapshot(snapshot.lastIncludedIndex, snapshot.lastIncludedTerm);
  engine.compactLog(appliedIndex);
  return snapshot;
}

describe('snapshots and log compaction (paper §7)', () => {
  it('compaction keeps the membership and the log after the snapshot', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x', 'y');
    network.tick(1);
    snapshotAndCompact(network, 'a');
    const status = network.engine('a').status();
    expect(status.membership.members.map((m) => m.id)).toEqual(['a', 'b', 'c']);
    expect(network.engine('a').termAt(1)).toBeUndefined();
    network.propose('a', 'z');
    expect(network.appliedValues('b')).toEqual(['x', 'y', 'z']);
  });

  it('never compacts entries that are not applied yet', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('a');
    network.engine('a').propose([new Uint8Array([1])]);
    network.settle();
    const { appliedIndex, lastIndex } = network.engine('a').status();
    network.engine('a').registerSnapshot(lastIndex, network.engine('a').termAt(lastIndex)!);
    network.engine('a').compactLog(lastIndex);
    expect(network.engine('a').termAt(appliedIndex + 1)).toBeDefined();
  });

  it('a late acknowledgement from a follower in snapshot state leaves nothing to do (no empty Readys)', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'v0');
    const caughtUpTo = network.engine('a').status().lastIndex;
    network.isolate('c');
    for (let i = 1; i < 10; i++) network.propose('a', `v${i}`);
    snapshotAndCompact(network, 'a');
    network.heal();
    network.tick(1);
    const leader = network.engine('a');
    expect(leader.status().progress?.get('c')?.state).toBe('snapshot');
    // An acknowledgement of appends c got just before it was cut off (their commit never reached it)
    // arrives only now: its match index moves past the commit index it was last told, but c is
    // paused until the snapshot is in.
    leader.step({
      type: 'append-entries-response',
      from: 'c',
      to: 'a',
      term: leader.status().term,
      success: true,
      // The last of the 8 appends the in-flight window let through to c (its window then paused it).
      matchIndex: caughtUpTo + 8,
      rejectedIndex: 0,
      hintIndex: 0,
      hintTerm: 0,
    });
    while (leader.hasReady()) {
      const ready = leader.ready();
      leader.advance(ready);
      // hasReady promised work: the Ready must carry some.
      expect(
        ready.messages.length +
          ready.entries.length +
          ready.committedEntries.length +
          ready.snapshotTransfers.length,
      ).toBeGreaterThan(0);
    }
    expect(leader.status().progress?.get('c')?.state).toBe('snapshot');
  });

  it('a follower behind the compacted log catches up by snapshot, then by log', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('c');
    for (let i = 0; i < 10; i++) network.propose('a', `v${i}`);
    const snapshot = snapshotAndCompact(network, 'a');
    network.heal();
    network.tick(1);
    const transfers = network.records.get('a')!.readies.flatMap((ready) => ready.snapshotTransfers);
    expect(transfers).toEqual([
      { to: 'c', lastIncludedIndex: snapshot.lastIncludedIndex, lastIncludedTerm: snapshot.lastIncludedTerm },
    ]);
    expect(network.engine('a').status().progress?.get('c')?.state).toBe('snapshot');
    // The driver streams the snapshot; here it arrives at once.
    const term = network.engine('a').status().term;
    expect(network.engine('c').installSnapshot('a', term, snapshot)).toBe('installed');
    const installReady = network.engine('c').ready();
    expect(installReady.snapshot).toBe(snapshot);
    network.engine('c').advance(installReady);
    network.engine('a').reportSnapshotTransfer('c', true);
    network.engine('a').step(installReady.messages[0]!);
    network.settle();
    expect(network.engine('a').status().progress?.get('c')).toMatchObject({
      state: 'replicate',
      matchIndex: snapshot.lastIncludedIndex,
    });
    network.propose('a', 'after');
    network.tick(1);
    expect(network.engine('c').status()).toMatchObject({
      commitIndex: network.engine('a').status().commitIndex,
    });
    expect(network.appliedValues('c')).toEqual(['after']);
  });

  it('a failed transfer sends the follower back to probing, and a new transfer is requested', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('c');
    for (let i = 0; i < 5; i++) network.propose('a', `v${i}`);
    snapshotAndCompact(network, 'a');
    network.heal();
    network.tick(1);
    network.engine('a').reportSnapshotTransfer('c', false);
    expect(network.engine('a').status().progress?.get('c')?.state).toBe('probe');
    network.tick(1);
    const transfers = network.records.get('a')!.readies.flatMap((ready) => ready.snapshotTransfers);
    expect(transfers.map((transfer) => transfer.to)).toEqual(['c', 'c']);
  });

  it('ignores a snapshot older than what the follower has committed', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x');
    const old = snapshotAndCompact(network, 'a');
    network.propose('a', 'y');
    network.tick(1);
    const term = network.engine('a').status().term;
    expect(network.engine('b').installSnapshot('a', term, old)).toBe('ignored');
    expect(network.engine('b').ready().snapshot).toBeUndefined();
  });

  it('keeps the log when it already holds the snapshot’s last entry', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.cut('a', 'b');
    network.propose('a', 'x');
    network.heal();
    // b has the entry through a delayed append but not the commit yet.
    const leaderLog = network.records.get('a')!.log;
    const last = leaderLog[leaderLog.length - 1]!;
    network.engine('b').step({
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: last.term,
      prevLogIndex: last.index - 1,
      prevLogTerm: leaderLog[leaderLog.length - 2]!.term,
      entries: [last],
      leaderCommit: 0,
    });
    const snapshot = snapshotAndCompact(network, 'a');
    expect(network.engine('b').installSnapshot('a', last.term, snapshot)).toBe('fast-forwarded');
    expect(network.engine('b').status().commitIndex).toBe(snapshot.lastIncludedIndex);
  });

  it('refuses a snapshot from an older term', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    const snapshot = snapshotAndCompact(network, 'a');
    expect(network.engine('b').installSnapshot('c', 1, snapshot)).toBe('stale');
  });

  it('restarts from a snapshot plus the log after it', () => {
    const members = ['a', 'b'].map((id) => ({ id, address: id, voter: true }));
    const engine = new RaftEngine(engineOptions('a'), {
      hardState: { term: 3, votedFor: undefined, commitIndex: 12 },
      entries: [
        { index: 11, term: 3, type: 'normal', data: new Uint8Array([11]) },
        { index: 12, term: 3, type: 'normal', data: new Uint8Array([12]) },
      ],
      baseMembership: { members },
      baseIndex: 10,
      baseTerm: 2,
      appliedIndex: 10,
    });
    expect(engine.status()).toMatchObject({
      lastIndex: 12,
      commitIndex: 12,
      appliedIndex: 10,
      role: 'follower',
    });
    expect(engine.termAt(10)).toBe(2);
    expect(engine.ready().committedEntries.map((entry) => entry.index)).toEqual([11, 12]);
  });
});
