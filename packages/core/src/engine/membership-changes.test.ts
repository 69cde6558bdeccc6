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
    const outcome = network
      .engine('a')
      .proposeMembershipChange([{ type: 'add-voter', id: 'c', address: 'c' }]);
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
      network.engine('a').proposeMembershipChange([{ type: 'add-learner', id: 'd', address: 'd' }]),
    ).toMatchObject({
      status: 'appended',
    });
    expect(
      network.engine('a').proposeMembershipChange([{ type: 'add-learner', id: 'e', address: 'e' }]),
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
      campaignAgain: false,
    });
    expect(engine.status()).toMatchObject({ role: 'leader', commitIndex: 1, lastIndex: 2 });
    engine.advance(engine.ready());
    const addLearner = { type: 'add-learner', id: 'd', address: 'd' } as const;
    expect(engine.proposeMembershipChange([addLearner])).toMatchObject({ status: 'refused' });
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
    expect(engine.proposeMembershipChange([addLearner])).toEqual({ status: 'appended', index: 3, term: 2 });
  });

  it('removes a follower; a removed node does not campaign', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    expect(network.engine('a').proposeMembershipChange([{ type: 'remove', id: 'c' }])).toMatchObject({
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
    expect(network.engine('a').proposeMembershipChange([])).toMatchObject({ status: 'refused' });
    expect(
      network.engine('a').proposeMembershipChange([
        { type: 'remove', id: 'a' },
        { type: 'remove', id: 'b' },
      ]),
    ).toEqual({ status: 'refused', reason: 'no voter would remain' });
    expect(network.engine('a').proposeMembershipChange([{ type: 'remove', id: 'x' }])).toMatchObject({
      status: 'refused',
    });
    expect(network.engine('b').proposeMembershipChange([{ type: 'remove', id: 'a' }])).toEqual({
      status: 'not-leader',
      leaderHint: 'a',
    });
  });

  it('the leader removes itself: it leads until the change commits, then hands over promptly', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    expect(network.engine('a').proposeMembershipChange([{ type: 'remove', id: 'a' }])).toMatchObject({
      status: 'appended',
    });
    network.settle();
    // Committed by b and c (the new voters), then a told the most up-to-date of them to campaign.
    const [leader] = network.leaders();
    expect(['b', 'c']).toContain(leader);
    expect(network.engine('a').status().role).toBe('follower');
    network.propose(leader!, 'after');
    expect(network.appliedValues(leader!)).toEqual(['after']);
  });
});

describe('joint consensus (thesis §4.3)', () => {
  it('replaces two voters at once through C_old,new and leaves the joint configuration automatically', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], {}, 1, ['d', 'e']);
    network.elect('a');
    const outcome = network.engine('a').proposeMembershipChange([
      { type: 'add-voter', id: 'd', address: 'd' },
      { type: 'add-voter', id: 'e', address: 'e' },
      { type: 'remove', id: 'b' },
      { type: 'remove', id: 'c' },
    ]);
    expect(outcome).toMatchObject({ status: 'appended' });
    expect(network.engine('a').status().membership.outgoingVoters).toEqual(['a', 'b', 'c']);
    network.settle();
    network.tick(1);
    const final = network.engine('a').status().membership;
    expect(final.outgoingVoters).toBeUndefined();
    expect(final.members.filter((m) => m.voter).map((m) => m.id)).toEqual(['a', 'd', 'e']);
    // The old voters b and c are no longer needed: a commits with d and e.
    network.isolate('b');
    network.isolate('c');
    network.propose('a', 'x');
    expect(network.appliedValues('d')).toEqual(['x']);
  });

  it('while joint, a commit needs a majority of the old voters too', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], {}, 1, ['d', 'e']);
    network.elect('a');
    // Old voters b and c cannot acknowledge: the joint entry itself cannot commit.
    network.isolate('b');
    network.isolate('c');
    network.engine('a').proposeMembershipChange([
      { type: 'add-voter', id: 'd', address: 'd' },
      { type: 'add-voter', id: 'e', address: 'e' },
    ]);
    network.settle();
    network.tick(2, ['a', 'd', 'e']);
    const status = network.engine('a').status();
    expect(status.membership.outgoingVoters).toEqual(['a', 'b', 'c']);
    expect(status.commitIndex).toBe(2);
  });

  it('refuses a new change while a joint configuration is in effect', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], {}, 1, ['d', 'e']);
    network.elect('a');
    network.isolate('b');
    network.isolate('c');
    network.engine('a').proposeMembershipChange([
      { type: 'add-voter', id: 'd', address: 'd' },
      { type: 'add-voter', id: 'e', address: 'e' },
    ]);
    expect(network.engine('a').proposeMembershipChange([{ type: 'remove', id: 'd' }])).toMatchObject({
      status: 'refused',
    });
  });
});
