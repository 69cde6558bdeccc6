import { describe, expect, it } from 'vitest';
import {
  clusterObservation,
  entry,
  logOfTerms,
  nodeObservation,
} from '../test-support/observation-builders.js';
import { LeaderCompleteness } from './leader-completeness.js';

describe('LeaderCompleteness', () => {
  it('holds when a later leader has every committed entry', () => {
    const invariant = new LeaderCompleteness();
    expect(
      invariant.check(
        clusterObservation(1, [
          nodeObservation({ id: 'a', role: 'leader', term: 2, log: logOfTerms(1, 2), commitIndex: 2 }),
          nodeObservation({ id: 'b', term: 2, log: logOfTerms(1, 2), commitIndex: 1 }),
        ]),
      ),
    ).toBeUndefined();
    expect(
      invariant.check(
        clusterObservation(2, [
          nodeObservation({ id: 'a', running: false, role: 'stopped', term: 2, log: logOfTerms(1, 2) }),
          nodeObservation({ id: 'b', role: 'leader', term: 3, log: logOfTerms(1, 2, 3), commitIndex: 1 }),
        ]),
      ),
    ).toBeUndefined();
  });

  it('does not hold a stale leader to entries committed after it was elected', () => {
    // b leads term 3 in a minority; later a commits an entry of term 2 in term 4 (the Figure 8 shape).
    const invariant = new LeaderCompleteness();
    invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', term: 2, log: logOfTerms(1, 2) }),
        nodeObservation({ id: 'b', role: 'leader', term: 3, log: logOfTerms(1, 3) }),
      ]),
    );
    expect(
      invariant.check(
        clusterObservation(2, [
          nodeObservation({ id: 'a', role: 'leader', term: 4, log: logOfTerms(1, 2, 4), commitIndex: 3 }),
          nodeObservation({ id: 'b', role: 'leader', term: 3, log: logOfTerms(1, 3) }),
        ]),
      ),
    ).toBeUndefined();
  });

  it('catches a leader elected after a commit that lacks the entry', () => {
    const invariant = new LeaderCompleteness();
    invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', role: 'leader', term: 2, log: logOfTerms(1, 2), commitIndex: 2 }),
        nodeObservation({ id: 'b', term: 2, log: logOfTerms(1) }),
      ]),
    );
    const violation = invariant.check(
      clusterObservation(2, [
        nodeObservation({ id: 'a', running: false, role: 'stopped', term: 2, log: logOfTerms(1, 2) }),
        nodeObservation({ id: 'b', role: 'leader', term: 3, log: logOfTerms(1, 3) }),
      ]),
    );
    expect(violation).toMatchObject({
      invariant: 'Leader Completeness',
      message: 'leader b of term 3 lacks the entry committed at index 2',
    });
  });

  it('catches a leader of a higher term than the commit even when seen at the same step', () => {
    const invariant = new LeaderCompleteness();
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', term: 2, log: logOfTerms(1, 2), commitIndex: 2 }),
        nodeObservation({ id: 'b', role: 'leader', term: 3, log: logOfTerms(1) }),
      ]),
    );
    expect(violation?.message).toBe('leader b of term 3 lacks the entry committed at index 2');
  });

  it('catches two different entries committed at one index', () => {
    const invariant = new LeaderCompleteness();
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', log: [entry(1, 1, 'x')], commitIndex: 1 }),
        nodeObservation({ id: 'b', log: [entry(1, 1, 'y')], commitIndex: 1 }),
      ]),
    );
    expect(violation?.message).toBe('two different entries committed at index 1');
  });

  it('counts only committed indexes within a node’s log', () => {
    const invariant = new LeaderCompleteness();
    expect(
      invariant.check(
        clusterObservation(1, [
          nodeObservation({ id: 'a', log: logOfTerms(1), commitIndex: 5 }),
          nodeObservation({ id: 'b', role: 'leader', term: 2, log: logOfTerms(1, 2) }),
        ]),
      ),
    ).toBeUndefined();
  });

  it('accepts a leader whose compacted prefix covers a committed entry, and catches one missing it after its base', () => {
    const invariant = new LeaderCompleteness();
    invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', term: 2, log: logOfTerms(1, 2, 2, 2), commitIndex: 4 }),
      ]),
    );
    // b compacted through 3 (a snapshot covers what a committed there) and holds index 4: fine.
    expect(
      invariant.check(
        clusterObservation(2, [
          nodeObservation({
            id: 'b',
            role: 'leader',
            term: 3,
            log: [entry(4, 2), entry(5, 3)],
            logBaseIndex: 3,
            commitIndex: 3,
          }),
        ]),
      ),
    ).toBeUndefined();
    // c compacted through 2 but lacks the committed entry 4 after its base: a violation.
    expect(
      invariant.check(
        clusterObservation(3, [
          nodeObservation({
            id: 'c',
            role: 'leader',
            term: 4,
            log: [entry(3, 2), entry(4, 4)],
            logBaseIndex: 2,
            commitIndex: 2,
          }),
        ]),
      )?.message,
    ).toBe('leader c of term 4 lacks the entry committed at index 4');
  });
});
