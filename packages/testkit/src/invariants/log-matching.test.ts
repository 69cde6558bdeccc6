import { describe, expect, it } from 'vitest';
import {
  clusterObservation,
  entry,
  logOfTerms,
  nodeObservation,
} from '../test-support/observation-builders.js';
import { LogMatching } from './log-matching.js';

describe('LogMatching', () => {
  it('holds for logs that share a prefix and diverge only after it', () => {
    const invariant = new LogMatching();
    const observation = clusterObservation(1, [
      nodeObservation({ id: 'a', log: logOfTerms(1, 1, 2, 2) }),
      nodeObservation({ id: 'b', log: logOfTerms(1, 1, 3) }),
      nodeObservation({ id: 'c', log: logOfTerms(1) }),
    ]);
    expect(invariant.check(observation)).toBeUndefined();
    expect(invariant.check(clusterObservation(2, observation.nodes.slice()))).toBeUndefined();
  });

  it('holds when a follower replaces a conflicting suffix', () => {
    const invariant = new LogMatching();
    invariant.check(clusterObservation(1, [nodeObservation({ id: 'b', log: logOfTerms(1, 2, 2) })]));
    expect(
      invariant.check(clusterObservation(2, [nodeObservation({ id: 'b', log: logOfTerms(1, 3, 3, 3) })])),
    ).toBeUndefined();
  });

  it('catches the same (index, term) with different data', () => {
    const invariant = new LogMatching();
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', log: [entry(1, 1), entry(2, 2, 'x')] }),
        nodeObservation({ id: 'b', log: [entry(1, 1), entry(2, 2, 'y')] }),
      ]),
    );
    expect(violation).toMatchObject({
      invariant: 'Log Matching',
      message: 'a and b hold different logs through the entry at index 2, term 2',
    });
  });

  it('catches equal entries preceded by different histories', () => {
    const invariant = new LogMatching();
    const violation = invariant.check(
      clusterObservation(1, [
        nodeObservation({ id: 'a', log: [entry(1, 1), entry(2, 1), entry(3, 3)] }),
        nodeObservation({ id: 'b', log: [entry(1, 1), entry(2, 2), entry(3, 3)] }),
      ]),
    );
    expect(violation?.message).toBe('a and b hold different logs through the entry at index 3, term 3');
  });

  it('catches a divergence between logs never observed together', () => {
    const invariant = new LogMatching();
    invariant.check(clusterObservation(1, [nodeObservation({ id: 'a', log: [entry(1, 1, 'x')] })]));
    const violation = invariant.check(
      clusterObservation(2, [nodeObservation({ id: 'b', log: [entry(1, 1, 'y')] })]),
    );
    expect(violation?.details).toMatchObject({
      first: { node: 'a', step: 1 },
      second: { node: 'b', step: 2 },
    });
  });

  it('catches an entry stored at the wrong position', () => {
    const invariant = new LogMatching();
    expect(
      invariant.check(clusterObservation(1, [nodeObservation({ id: 'a', log: [entry(1, 1), entry(3, 1)] })]))
        ?.message,
    ).toBe("a's log holds an entry claiming index 3 at position 2");
  });

  it('checks compacted logs from their base', () => {
    const invariant = new LogMatching();
    expect(
      invariant.check(
        clusterObservation(1, [
          nodeObservation({ id: 'a', log: logOfTerms(1, 1, 2) }),
          nodeObservation({ id: 'b', log: [entry(3, 2)], logBaseIndex: 2 }),
        ]),
      ),
    ).toBeUndefined();
  });

  it('still catches a divergence after a compacted prefix', () => {
    const invariant = new LogMatching();
    invariant.check(clusterObservation(1, [nodeObservation({ id: 'a', log: logOfTerms(1, 1, 2, 2) })]));
    // b compacted through 2 and holds another entry at (4, 2): a real violation, base or not.
    const violation = invariant.check(
      clusterObservation(2, [
        nodeObservation({ id: 'b', log: [entry(3, 2), entry(4, 2, 'other')], logBaseIndex: 2 }),
      ]),
    );
    expect(violation?.message).toBe('a and b hold different logs through the entry at index 4, term 2');
    // and an entry whose predecessor (not compacted) has another term than elsewhere.
    const fresh = new LogMatching();
    fresh.check(clusterObservation(1, [nodeObservation({ id: 'a', log: logOfTerms(1, 1, 2, 2) })]));
    expect(
      fresh.check(
        clusterObservation(2, [
          nodeObservation({ id: 'b', log: [entry(3, 1), entry(4, 2)], logBaseIndex: 2 }),
        ]),
      )?.invariant,
    ).toBe('Log Matching');
  });
});
