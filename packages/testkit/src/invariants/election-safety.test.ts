import { describe, expect, it } from 'vitest';
import { clusterObservation, nodeObservation } from '../test-support/observation-builders.js';
import { ElectionSafety } from './election-safety.js';

describe('ElectionSafety', () => {
  it('holds when each term has one leader, even as leadership moves', () => {
    const invariant = new ElectionSafety();
    expect(
      invariant.check(
        clusterObservation(1, [
          nodeObservation({ id: 'a', role: 'leader', term: 2 }),
          nodeObservation({ id: 'b', term: 2 }),
        ]),
      ),
    ).toBeUndefined();
    expect(
      invariant.check(
        clusterObservation(2, [
          nodeObservation({ id: 'a', role: 'leader', term: 2 }),
          nodeObservation({ id: 'b', role: 'leader', term: 3 }),
        ]),
      ),
    ).toBeUndefined();
  });

  it('catches two leaders of one term seen at different steps', () => {
    const invariant = new ElectionSafety();
    invariant.check(clusterObservation(1, [nodeObservation({ id: 'a', role: 'leader', term: 4 })]));
    const violation = invariant.check(
      clusterObservation(9, [
        nodeObservation({ id: 'a', running: false, role: 'stopped', term: 4 }),
        nodeObservation({ id: 'b', role: 'leader', term: 4 }),
      ]),
    );
    expect(violation).toMatchObject({
      invariant: 'Election Safety',
      message: 'two leaders in term 4: a and b',
      details: { firstSeenAtStep: 1, step: 9 },
    });
  });

  it('ignores nodes that are not running', () => {
    const invariant = new ElectionSafety();
    invariant.check(clusterObservation(1, [nodeObservation({ id: 'a', role: 'leader', term: 4 })]));
    expect(
      invariant.check(
        clusterObservation(2, [nodeObservation({ id: 'b', running: false, role: 'leader', term: 4 })]),
      ),
    ).toBeUndefined();
  });
});
