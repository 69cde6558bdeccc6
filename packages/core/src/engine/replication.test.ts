import { describe, expect, it } from 'vitest';
import { encodeMembership } from '../types/membership.js';
import type { AppendEntriesResponse } from '../types/message.js';
import { RaftEngine } from './raft-engine.js';
import { EngineNetwork, engineOptions } from './test-support/engine-network.js';

function appendResponse(from: string, term: number, matchIndex: number): AppendEntriesResponse {
  return {
    type: 'append-entries-response',
    from,
    to: 's1',
    term,
    success: true,
    matchIndex,
    rejectedIndex: 0,
    hintIndex: 0,
    hintTerm: 0,
  };
}

describe('log replication (paper §5.3)', () => {
  it('commits a proposal on a majority and every node applies it in order', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    const outcome = network.propose('a', 'x', 'y');
    expect(outcome).toMatchObject({ status: 'appended', firstIndex: 3 });
    network.tick(1);
    for (const id of ['a', 'b', 'c']) expect(network.appliedValues(id)).toEqual(['x', 'y']);
  });

  it('commits with one follower down, and the follower catches up when it returns', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('c');
    for (let i = 0; i < 20; i++) network.propose('a', `v${i}`);
    expect(network.appliedValues('a')).toHaveLength(20);
    expect(network.appliedValues('c')).toHaveLength(0);
    network.heal();
    network.tick(3);
    expect(network.appliedValues('c')).toEqual(network.appliedValues('a'));
  });

  it('a follower with a divergent uncommitted suffix is repaired (fast back-off)', () => {
    // Without check-quorum, followers vote as soon as asked, so the test can pick the next leader.
    const network = new EngineNetwork(['a', 'b', 'c'], { checkQuorum: false });
    network.elect('a');
    network.propose('a', 'common');
    // a appends entries only it holds, then loses leadership.
    network.isolate('a');
    for (let i = 0; i < 30; i++) network.engine('a').propose([new TextEncoder().encode(`lost${i}`)]);
    network.settle();
    network.elect('b');
    network.propose('b', 'kept');
    network.heal();
    network.tick(3);
    for (const id of ['a', 'b', 'c']) expect(network.appliedValues(id)).toEqual(['common', 'kept']);
    // The back-off took a few round trips, not one per divergent entry.
    const rejections = network.delivered.filter(
      (message) => message.type === 'append-entries-response' && !message.success && message.from === 'a',
    );
    expect(rejections.length).toBeLessThan(5);
  });

  it('the leader counts its own copy only once it is durable (appends may go out before its write, thesis §10.2.1)', () => {
    const members = ['s1', 's2', 's3'].map((id) => ({ id, address: id, voter: true }));
    const engine = new RaftEngine(engineOptions('s1', { preVote: false }), {
      hardState: { term: 1, votedFor: undefined, commitIndex: 1 },
      entries: [{ index: 1, term: 1, type: 'config', data: encodeMembership({ members }) }],
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 1,
    });
    engine.campaign();
    engine.advance(engine.ready());
    engine.step({
      type: 'request-vote-response',
      from: 's2',
      to: 's1',
      term: 2,
      preVote: false,
      granted: true,
      campaignAgain: false,
    });
    // Elected: the noop (index 2) goes out in the same Ready that asks the driver to persist it.
    const persisting = engine.ready();
    expect(persisting.entries.map((entry) => entry.index)).toEqual([2]);
    expect(persisting.messages.some((message) => message.type === 'append-entries')).toBe(true);
    // s2 acknowledges before the leader's write finished: one durable copy of three is no majority.
    engine.step(appendResponse('s2', 2, 2));
    expect(engine.status().commitIndex).toBe(1);
    engine.advance(persisting);
    expect(engine.status().commitIndex).toBe(2);
    // Later batches alike: s2's acknowledgement of index 3 commits it only with the leader's own write.
    engine.step(appendResponse('s3', 2, 2));
    engine.propose([new Uint8Array([1])]);
    const second = engine.ready();
    engine.step(appendResponse('s2', 2, 3));
    expect(engine.status().commitIndex).toBe(2);
    engine.advance(second);
    expect(engine.status().commitIndex).toBe(3);
  });

  it('never commits an entry of an earlier term by counting replicas (Figure 8, §5.4.2)', () => {
    // s1 restarts holding entry 3 from term 2 that no majority has, then wins term 4.
    const members = ['s1', 's2', 's3'].map((id) => ({ id, address: id, voter: true }));
    const data = new Uint8Array();
    const engine = new RaftEngine(engineOptions('s1', { preVote: false }), {
      hardState: { term: 3, votedFor: undefined, commitIndex: 2 },
      entries: [
        { index: 1, term: 1, type: 'config', data: encodeMembership({ members }) },
        { index: 2, term: 2, type: 'noop', data },
        { index: 3, term: 2, type: 'normal', data },
      ],
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 0,
    });
    engine.campaign();
    engine.step({
      type: 'request-vote-response',
      from: 's2',
      to: 's1',
      term: 4,
      preVote: false,
      granted: true,
      campaignAgain: false,
    });
    expect(engine.status()).toMatchObject({ role: 'leader', term: 4, lastIndex: 4 });
    // The driver persists the noop.
    engine.advance(engine.ready());
    // s2 now holds entry 3 (term 2): a majority has it, but it is not of the current term.
    engine.step(appendResponse('s2', 4, 3));
    expect(engine.status().commitIndex).toBe(2);
    // Once the leader's own noop (index 4, term 4) reaches a majority, both commit together.
    engine.step(appendResponse('s2', 4, 4));
    expect(engine.status().commitIndex).toBe(4);
  });

  it('pipelines appends up to the in-flight window, then waits', () => {
    const network = new EngineNetwork(['a', 'b'], { maxEntriesPerAppend: 1, maxInflightAppends: 4 });
    network.elect('a');
    network.tick(1);
    network.cut('b', 'a');
    for (let i = 0; i < 10; i++) network.engine('a').propose([new TextEncoder().encode(`${i}`)]);
    const ready = network.engine('a').ready();
    const appends = ready.messages.filter(
      (message) => message.type === 'append-entries' && message.entries.length,
    );
    expect(appends).toHaveLength(4);
    expect(network.engine('a').status().progress?.get('b')?.inflightAppends).toBe(4);
  });

  it('drops a malformed append (non-consecutive indexes) without changing the log', () => {
    const network = new EngineNetwork(['a', 'b']);
    network.elect('a');
    const before = network.engine('b').status();
    network.engine('b').step({
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: before.term,
      prevLogIndex: before.lastIndex,
      prevLogTerm: before.lastTerm,
      entries: [{ index: before.lastIndex + 2, term: before.term, type: 'normal', data: new Uint8Array() }],
      leaderCommit: 0,
    });
    expect(network.engine('b').status()).toMatchObject({ lastIndex: before.lastIndex, droppedMessages: 1 });
  });

  it('drops an append carrying an undecodable config entry', () => {
    const network = new EngineNetwork(['a', 'b']);
    network.elect('a');
    const before = network.engine('b').status();
    network.engine('b').step({
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: before.term,
      prevLogIndex: before.lastIndex,
      prevLogTerm: before.lastTerm,
      entries: [
        { index: before.lastIndex + 1, term: before.term, type: 'config', data: new Uint8Array([1, 2]) },
      ],
      leaderCommit: 0,
    });
    expect(network.engine('b').status()).toMatchObject({ lastIndex: before.lastIndex, droppedMessages: 1 });
  });

  it('restarts from persisted state and re-applies the committed log', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x', 'y');
    network.tick(1);
    network.start('b');
    network.settle();
    expect(network.appliedValues('b')).toEqual(['x', 'y']);
  });
});

describe('late and duplicated appends', () => {
  it('an append that starts below the commit index still delivers the entries beyond it', () => {
    const network = new EngineNetwork(['a', 'b']);
    network.elect('a');
    network.propose('a', 'x');
    network.tick(1);
    const status = network.engine('b').status();
    const leader = network.engine('a').status();
    const entry = {
      index: status.lastIndex + 1,
      term: leader.term,
      type: 'normal' as const,
      data: new Uint8Array([7]),
    };
    // prevLogIndex 1 is below b's commit index; the entry beyond it must still be appended.
    network.engine('b').step({
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: leader.term,
      prevLogIndex: status.lastIndex - 2,
      prevLogTerm: 1,
      entries: [...network.records.get('a')!.log.slice(status.lastIndex - 2, status.lastIndex), entry],
      leaderCommit: status.commitIndex,
    });
    expect(network.engine('b').status().lastIndex).toBe(status.lastIndex + 1);
  });
});

describe('a follower that lost acknowledged entries', () => {
  it('is believed: the leader backs off below what it still holds, once, and catches it up again', () => {
    const network = new EngineNetwork(['a', 'b']);
    network.elect('a');
    network.propose('a', 'x');
    const { term, lastIndex: matched } = network.engine('a').status();
    network.cut('a', 'b');
    network.propose('a', 'y');
    const rejectFromB = (rejectedIndex: number, hintIndex: number) => {
      network.engine('a').step({
        type: 'append-entries-response',
        from: 'b',
        to: 'a',
        term,
        success: false,
        matchIndex: 0,
        rejectedIndex,
        hintIndex,
        hintTerm: 0,
      });
      return network
        .engine('a')
        .ready()
        .messages.filter((message) => message.type === 'append-entries');
    };
    // A genuine rejection of the unacknowledged entry: back to probing from the match index.
    expect(rejectFromB(matched + 1, matched)).toHaveLength(1);
    // Now b denies the entry it acknowledged (say it was wiped and added back; its log is empty):
    // one probe from where b's hint points, not the same probe again.
    const [probe] = rejectFromB(matched, 0);
    expect(probe).toMatchObject({ prevLogIndex: 0 });
    expect(network.engine('a').status().progress?.get('b')?.matchIndex).toBe(0);
    // A duplicate of that rejection is stale now: no burst.
    expect(rejectFromB(matched, 0)).toHaveLength(0);
    // The commit index never moves back.
    expect(network.engine('a').status().commitIndex).toBeGreaterThanOrEqual(matched);
    network.heal();
    network.tick(3);
    network.settle();
    expect(network.engine('a').status().progress?.get('b')?.matchIndex).toBe(
      network.engine('a').status().lastIndex,
    );
    expect(network.engine('b').status().lastIndex).toBe(network.engine('a').status().lastIndex);
  });
});
