import { describe, expect, it } from 'vitest';
import { RaftEngine } from './raft-engine.js';
import { EngineNetwork, engineOptions } from './test-support/engine-network.js';

describe('leader election (paper §5.2)', () => {
  it('a single voter elects itself when its election timeout runs out', () => {
    const network = new EngineNetwork(['a']);
    network.tick(20);
    expect(network.engine('a').status()).toMatchObject({ role: 'leader', term: 2, leaderId: 'a' });
  });

  it('three nodes elect exactly one leader, and everyone follows it', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], {}, 7);
    network.tick(30);
    const leaders = network.leaders();
    expect(leaders).toHaveLength(1);
    for (const id of ['a', 'b', 'c']) expect(network.engine(id).status().leaderId).toBe(leaders[0]);
  });

  it('each term has at most one leader across many seeded runs (Election Safety)', () => {
    for (let seed = 1; seed <= 30; seed++) {
      const network = new EngineNetwork(['a', 'b', 'c', 'd', 'e'], {}, seed);
      const leaderOfTerm = new Map<number, string>();
      for (let tick = 0; tick < 60; tick++) {
        if (tick === 20) network.isolate(network.leaders()[0] ?? 'a');
        if (tick === 40) network.heal();
        network.tick(1);
        for (const id of network.leaders()) {
          const term = network.engine(id).status().term;
          expect(leaderOfTerm.get(term) ?? id, `seed ${seed} term ${term}`).toBe(id);
          leaderOfTerm.set(term, id);
        }
      }
    }
  });

  it('a candidate with a stale log cannot win (election restriction, §5.4.1)', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('c');
    network.propose('a', 'x');
    network.heal();
    // c missed "x": a and b refuse it even though its term is newer.
    network.engine('c').campaign();
    network.settle();
    expect(network.engine('c').status().role).not.toBe('leader');
    expect(network.leaders()).toEqual(['a']);
  });

  it('pre-vote: a partitioned node rejoining does not raise its term or depose the leader', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    const termBefore = network.engine('a').status().term;
    network.isolate('c');
    network.tick(50, ['c']);
    // Pre-vote rounds never succeeded, so c never incremented its term.
    expect(network.engine('c').status().term).toBe(termBefore);
    network.heal();
    network.tick(5);
    expect(network.leaders()).toEqual(['a']);
    expect(network.engine('a').status().term).toBe(termBefore);
  });

  it('without pre-vote, leader stickiness (check-quorum) still ignores a rejoining node with an inflated term', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], { preVote: false });
    network.elect('a');
    network.isolate('c');
    network.tick(50, ['c']);
    const inflated = network.engine('c').status().term;
    expect(inflated).toBeGreaterThan(network.engine('a').status().term);
    network.heal();
    network.tick(3, ['a', 'b']);
    // b heard from a within the election timeout, so it ignored c's vote requests.
    expect(network.engine('b').status().leaderId).toBe('a');
  });

  it('check-quorum: a leader cut off from the majority steps down', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('a');
    network.tick(25, ['a']);
    expect(network.engine('a').status().role).toBe('follower');
  });

  it('without check-quorum an isolated leader keeps believing it leads', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], { checkQuorum: false });
    network.elect('a');
    network.isolate('a');
    network.tick(25, ['a']);
    expect(network.engine('a').status().role).toBe('leader');
  });

  it('a learner never campaigns', () => {
    const network = new EngineNetwork(['a'], {}, 1, ['l']);
    network.isolate('a');
    network.tick(100, ['l']);
    expect(network.engine('l').status()).toMatchObject({ role: 'learner', term: 1 });
  });

  it('a node learns of a newer term from any message and steps down', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('a');
    // b and c stop hearing from a; once their election timeouts pass, one of them takes over.
    network.tick(40, ['b', 'c']);
    const [newLeader] = network.leaders().filter((id) => id !== 'a');
    expect(newLeader).toBeDefined();
    expect(network.engine(newLeader!).status().term).toBeGreaterThan(network.engine('a').status().term);
    network.heal();
    network.tick(1, [newLeader!]);
    expect(network.engine('a').status()).toMatchObject({ role: 'follower', leaderId: newLeader });
  });
});

describe('election timer (paper Figure 2)', () => {
  it('is not restarted by vote requests it refuses, so candidates that cannot win cannot starve one that can', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], { preVote: false, checkQuorum: false });
    network.elect('a');
    network.propose('a', 'x');
    // b falls behind: it misses "y", so b cannot win; a goes away for good.
    network.isolate('b');
    network.propose('a', 'y');
    network.isolate('a');
    network.heal();
    network.isolate('a');
    // b keeps campaigning every 9 ticks (less than any election timeout); c refuses each time
    // (b lacks "y") but must still reach its own timeout, campaign, and win with b's vote.
    let cLed = false;
    for (let tick = 1; tick <= 100 && !cLed; tick++) {
      network.tick(1, ['c']);
      if (tick % 9 === 0) network.elect('b');
      cLed = network.leaders().includes('c');
    }
    expect(cLed).toBe(true);
  });
});

describe('a node without any configuration', () => {
  it('never grants a vote (a wiped or brand-new node cannot know its voting history)', () => {
    const engine = new RaftEngine(engineOptions('x', { preVote: false }), {
      hardState: { term: 0, votedFor: undefined, commitIndex: 0 },
      entries: [],
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 0,
    });
    engine.step({
      type: 'request-vote',
      from: 'a',
      to: 'x',
      term: 5,
      preVote: false,
      lastLogIndex: 10,
      lastLogTerm: 4,
      transfer: false,
    });
    const responses = engine.ready().messages;
    expect(responses).toEqual([expect.objectContaining({ type: 'request-vote-response', granted: false })]);
  });
});

describe('a voter invites a refused candidate with a newer log to campaign again (pre-vote off)', () => {
  /** a leads and commits "x" while c is cut off; c then campaigns alone up to term `cTerm`. */
  function staleVoterAhead(withEntry: boolean): EngineNetwork {
    const network = new EngineNetwork(['a', 'b', 'c'], { preVote: false });
    network.elect('a');
    network.isolate('c');
    if (withEntry) network.propose('a', 'x');
    network.settle();
    for (let round = 0; round < 3; round++) {
      network.engine('c').campaign();
      network.settle();
    }
    // a leaves; c comes back, still a candidate in a newer term than b's.
    network.heal();
    network.isolate('a');
    return network;
  }

  it('the candidate learns the newer term from the refusal and wins in the next one at once', () => {
    const network = staleVoterAhead(true);
    const cTerm = network.engine('c').status().term;
    expect(cTerm).toBeGreaterThan(network.engine('b').status().term);
    network.engine('b').campaign();
    network.settle();
    // No tick has passed: b campaigned again in c's term + 1 and c voted for it.
    expect(network.engine('b').status()).toMatchObject({ role: 'leader', term: cTerm + 1 });
    expect(network.engine('c').status()).toMatchObject({ votedFor: 'b', leaderId: 'b' });
    const invitations = network.delivered.filter(
      (message) => message.type === 'request-vote-response' && message.campaignAgain,
    );
    expect(invitations).toHaveLength(1);
  });

  it('no invitation between equal logs, so two candidates cannot raise terms past each other forever', () => {
    const network = staleVoterAhead(false);
    const cTerm = network.engine('c').status().term;
    network.engine('b').campaign();
    network.settle();
    expect(network.engine('b').status()).toMatchObject({ role: 'follower', term: cTerm });
    expect(
      network.delivered.some((message) => message.type === 'request-vote-response' && message.campaignAgain),
    ).toBe(false);
  });

  it('no invitation from a voter that follows a leader or voted for someone else', () => {
    const voter = () =>
      new RaftEngine(engineOptions('b', { preVote: false }), {
        hardState: { term: 5, votedFor: undefined, commitIndex: 0 },
        entries: [],
        baseMembership: {
          members: ['a', 'b', 'c'].map((id) => ({ id, address: id, voter: true })),
        },
        baseIndex: 0,
        baseTerm: 0,
        appliedIndex: 0,
      });
    const staleRequest = {
      type: 'request-vote',
      from: 'c',
      to: 'b',
      term: 3,
      preVote: false,
      lastLogIndex: 10,
      lastLogTerm: 3,
      transfer: false,
    } as const;
    const invitationFor = (engine: RaftEngine): boolean | undefined => {
      engine.ready();
      engine.step(staleRequest);
      const response = engine.ready().messages.find((message) => message.type === 'request-vote-response');
      return response?.type === 'request-vote-response' ? response.campaignAgain : undefined;
    };
    // Control: no leader, no vote cast, an older log than the candidate's: invited.
    expect(invitationFor(voter())).toBe(true);
    const following = voter();
    following.step({ type: 'heartbeat', from: 'a', to: 'b', term: 5, commitIndex: 0, readRound: 0 });
    expect(following.status().leaderId).toBe('a');
    expect(invitationFor(following)).toBe(false);
    const votedForA = voter();
    votedForA.step({ ...staleRequest, from: 'a', term: 5 });
    expect(votedForA.status().votedFor).toBe('a');
    expect(invitationFor(votedForA)).toBe(false);
  });
});
