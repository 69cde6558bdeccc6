import { describe, expect, it } from 'vitest';
import { encodeMembership } from '../types/membership.js';
import { RaftEngine } from './raft-engine.js';
import { EngineNetwork, engineOptions } from './test-support/engine-network.js';

describe('single-server membership changes (thesis §4.1)', () => {
  it('a learner receives the log but does not count towards commit', () => {
    const network = new EngineNetwork(['a', 'b'], {}, 1, ['l']);
    network.elect('a');
    network.isolate('b');
    network.propose('a', 'x');
    // a and the learner hold "x", but the voters are a and b: no majority without b.
    expect(network.engine('l').status().lastIndex).toBe(3);
    expect(network.engine('a').status().commitIndex).toBe(2);
    network.heal();
    network.tick(1);
    expect(network.appliedValues('l')).toEqual(['x']);
  });

  it('adds a voter, after which commits need it or another node', () => {
    const network = new EngineNetwork(['a', 'b'], {}, 1, ['c']);
    network.elect('a');
    const outcome = network.engine('a').proposeMembershipChange({ type: 'add-voter', id: 'c', address: 'c' });
    expect(outcome).toMatchObject({ status: 'appended', index: 3 });
    network.settle();
    expect(
      network
        .engine('c')
        .status()
        .membership.members.find((m) => m.id === 'c')?.voter,
    ).toBe(true);
    expect(network.engine('c').status().role).toBe('follower');
    // With voters a, b, c, a commits with c alone while b is away.
    network.isolate('b');
    network.propose('a', 'y');
    expect(network.appliedValues('a')).toEqual(['y']);
  });

  it('refuses a second change while the first is uncommitted', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('a');
    expect(
      network.engine('a').proposeMembershipChange({ type: 'add-learner', id: 'd', address: 'd' }),
    ).toMatchObject({
      status: 'appended',
    });
    expect(
      network.engine('a').proposeMembershipChange({ type: 'add-learner', id: 'e', address: 'e' }),
    ).toMatchObject({
      status: 'refused',
    });
  });

  it('refuses changes until the new leader has committed an entry of its term (Ongaro 2015 fix)', () => {
    const members = ['a', 'b', 'c'].map((id) => ({ id, address: id, voter: true }));
    const engine = new RaftEngine(engineOptions('a', { preVote: false }), {
      hardState: { term: 1, votedFor: undefined, commitIndex: 1 },
      entries: [{ index: 1, term: 1, type: 'config', data: encodeMembership({ members }) }],
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 0,
    });
    engine.campaign();
    engine.step({
      type: 'request-vote-response',
      from: 'b',
      to: 'a',
      term: 2,
      preVote: false,
      granted: true,
    });
    expect(engine.status()).toMatchObject({ role: 'leader', commitIndex: 1, lastIndex: 2 });
    const addLearner = { type: 'add-learner', id: 'd', address: 'd' } as const;
    expect(engine.proposeMembershipChange(addLearner)).toMatchObject({ status: 'refused' });
    engine.step({
      type: 'append-entries-response',
      from: 'b',
      to: 'a',
      term: 2,
      success: true,
      matchIndex: 2,
      rejectedIndex: 0,
      hintIndex: 0,
      hintTerm: 0,
    });
    expect(engine.status().commitIndex).toBe(2);
    expect(engine.proposeMembershipChange(addLearner)).toEqual({ status: 'appended', index: 3, term: 2 });
  });

  it('removes a follower; a removed node does not campaign', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    expect(network.engine('a').proposeMembershipChange({ type: 'remove', id: 'c' })).toMatchObject({
      status: 'appended',
    });
    network.settle();
    network.tick(1);
    expect(
      network
        .engine('a')
        .status()
        .membership.members.map((m) => m.id),
    ).toEqual(['a', 'b']);
    // c learned it was removed (it got the config entry) and no longer campaigns.
    network.isolate('c');
    const term = network.engine('c').status().term;
    network.tick(50, ['c']);
    expect(network.engine('c').status()).toMatchObject({ term, role: 'follower' });
  });

  it('refuses invalid changes with a reason', () => {
    const network = new EngineNetwork(['a', 'b']);
    network.elect('a');
    expect(network.engine('a').proposeMembershipChange({ type: 'remove', id: 'a' })).toMatchObject({
      status: 'refused',
      reason: 'the leader cannot remove itself; transfer leadership first',
    });
    expect(network.engine('a').proposeMembershipChange({ type: 'remove', id: 'x' })).toMatchObject({
      status: 'refused',
    });
    expect(network.engine('b').proposeMembershipChange({ type: 'remove', id: 'a' })).toEqual({
      status: 'not-leader',
      leaderHint: 'a',
    });
  });
});
