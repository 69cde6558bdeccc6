import type { Entry, Membership } from '@raft/core';
import { encodeMembership } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { clusterObservation, entry, nodeObservation } from '../test-support/observation-builders.js';
import { NoDisjointMajorities } from './no-disjoint-majorities.js';

const config = (voters: string): Membership => ({
  members: [...voters].map((id) => ({ id, address: id, voter: true })),
});
const configEntry = (index: number, membership: Membership): Entry => ({
  index,
  term: 1,
  type: 'config',
  data: encodeMembership(membership),
});

describe('NoDisjointMajorities', () => {
  it('holds while nodes are one single-server step apart', () => {
    const invariant = new NoDisjointMajorities();
    const log = [configEntry(1, config('abc')), entry(2, 1), configEntry(3, config('abcd'))];
    const observation = clusterObservation(1, [
      nodeObservation({ id: 'a', role: 'leader', log, commitIndex: 2, membership: config('abcd') }),
      nodeObservation({ id: 'b', log: log.slice(0, 2), commitIndex: 2, membership: config('abc') }),
    ]);
    expect(invariant.check(observation)).toBeUndefined();
  });

  it('fails when two live configurations have disjoint majorities (a direct 3 → 5 jump)', () => {
    const invariant = new NoDisjointMajorities();
    const log = [configEntry(1, config('abc')), configEntry(2, config('abcde'))];
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', role: 'leader', log, commitIndex: 1, membership: config('abcde') }),
        nodeObservation({ id: 'b', log: log.slice(0, 1), commitIndex: 1, membership: config('abc') }),
      ]),
    );
    expect(violation).toMatchObject({
      invariant: 'No Disjoint Majorities',
      message: 'a and b are in configurations with disjoint majorities',
    });
  });

  it('ignores a lagging node whose configuration a committed newer one superseded', () => {
    const invariant = new NoDisjointMajorities();
    const log = [
      configEntry(1, config('abc')),
      configEntry(2, config('abcd')),
      configEntry(3, config('abcde')),
    ];
    // c still runs on {a,b,c} but {a,b,c,d} is committed: c cannot gather a majority any more.
    const observation = clusterObservation(1, [
      nodeObservation({ id: 'a', role: 'leader', log, commitIndex: 2, membership: config('abcde') }),
      nodeObservation({ id: 'c', log: log.slice(0, 1), commitIndex: 1, membership: config('abc') }),
    ]);
    expect(invariant.check(observation)).toBeUndefined();
  });

  it('treats a compacted log by its base index: a config inside the compacted prefix is old', () => {
    const invariant = new NoDisjointMajorities();
    const log = [configEntry(5, config('abcd')), entry(6, 1)];
    const observation = clusterObservation(1, [
      nodeObservation({
        id: 'a',
        role: 'leader',
        log,
        logBaseIndex: 4,
        commitIndex: 6,
        membership: config('abcd'),
      }),
      // b's configuration lies in its compacted prefix (index <= 3), older than the committed one at 5.
      nodeObservation({
        id: 'b',
        log: [entry(4, 1)],
        logBaseIndex: 3,
        commitIndex: 4,
        membership: config('ab'),
      }),
    ]);
    expect(invariant.check(observation)).toBeUndefined();
    // Without the committed newer configuration, the same pair of configurations is flagged.
    const fresh = new NoDisjointMajorities();
    const unsafe = clusterObservation(1, [
      nodeObservation({
        id: 'a',
        role: 'leader',
        log,
        logBaseIndex: 4,
        commitIndex: 4,
        membership: config('cdef'),
      }),
      nodeObservation({
        id: 'b',
        log: [entry(4, 1)],
        logBaseIndex: 3,
        commitIndex: 4,
        membership: config('ab'),
      }),
    ]);
    expect(fresh.check(unsafe)?.invariant).toBe('No Disjoint Majorities');
  });

  it('ignores an old leader whose uncommitted configuration lies on a branch the committed log left', () => {
    const invariant = new NoDisjointMajorities();
    const base = [configEntry(1, config('abc')), entry(2, 1)];
    // a (old leader, term 1) appended "remove c" at 3; b, leading in term 2, committed its own 3 and 4.
    const oldBranch = [...base, { ...configEntry(3, config('ab')), term: 1 }];
    const newBranch = [...base, entry(3, 2), { ...configEntry(4, config('abcde')), term: 2 }];
    const observation = clusterObservation(1, [
      nodeObservation({ id: 'a', log: oldBranch, commitIndex: 2, membership: config('ab') }),
      nodeObservation({
        id: 'b',
        role: 'leader',
        log: newBranch,
        commitIndex: 4,
        membership: config('abcde'),
      }),
    ]);
    expect(invariant.check(observation)).toBeUndefined();
  });

  it('catches two uncommitted changes on two branches off the same committed prefix (the 2015 bug)', () => {
    const invariant = new NoDisjointMajorities();
    const base = [configEntry(1, config('abcd')), entry(2, 1)];
    // Term-1 leader a removed d; term-2 leader b, without the fix, added e before committing anything.
    const branchA = [...base, { ...configEntry(3, config('abc')), term: 1 }];
    const branchB = [...base, { ...configEntry(3, config('abcde')), term: 2 }];
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', log: branchA, commitIndex: 2, membership: config('abc') }),
        nodeObservation({
          id: 'b',
          role: 'leader',
          log: branchB,
          commitIndex: 2,
          membership: config('abcde'),
        }),
      ]),
    );
    expect(violation?.message).toBe('a and b are in configurations with disjoint majorities');
  });
});
