import { describe, expect, it } from 'vitest';
import {
  clusterObservation,
  entry,
  logOfTerms,
  nodeObservation,
} from '../test-support/observation-builders.js';
import { NoLostAcknowledgedProposal } from './no-lost-acknowledged-proposal.js';

const acknowledged = (index: number, term: number) => ({
  index,
  term,
  data: entry(index, term).data,
  nodeId: 'a',
});

describe('NoLostAcknowledgedProposal', () => {
  it('holds while acknowledged entries stay committed and are applied everywhere', () => {
    const invariant = new NoLostAcknowledgedProposal();
    expect(invariant.recordAcknowledged(acknowledged(2, 1))).toBeUndefined();
    expect(invariant.recordApplied({ ...acknowledged(2, 1), nodeId: 'b' })).toBeUndefined();
    const nodes = [
      nodeObservation({ id: 'a', log: logOfTerms(1, 1, 2), commitIndex: 3, appliedIndex: 3 }),
      // b has not committed index 2 yet and holds a stale entry there: allowed.
      nodeObservation({ id: 'b', log: logOfTerms(1, 9), commitIndex: 1, appliedIndex: 1, running: false }),
    ];
    expect(invariant.check(clusterObservation(1, nodes))).toBeUndefined();
    expect(invariant.checkFinal(clusterObservation(2, nodes))).toBeUndefined();
  });

  it('catches a node committing another entry at an acknowledged index', () => {
    const invariant = new NoLostAcknowledgedProposal();
    invariant.check(
      clusterObservation(1, [nodeObservation({ id: 'b', log: logOfTerms(1, 1), commitIndex: 2 })]),
    );
    invariant.recordAcknowledged(acknowledged(2, 2));
    const violation = invariant.check(
      clusterObservation(2, [nodeObservation({ id: 'b', log: logOfTerms(1, 1), commitIndex: 2 })]),
    );
    expect(violation).toMatchObject({
      invariant: 'No Lost Acknowledged Proposal',
      message: 'b committed another entry at index 2, where a proposal was acknowledged',
    });
  });

  it('catches an acknowledged entry lost by a restarted node that commits something else', () => {
    const invariant = new NoLostAcknowledgedProposal();
    invariant.recordAcknowledged(acknowledged(2, 1));
    expect(
      invariant.check(
        clusterObservation(1, [nodeObservation({ id: 'a', log: logOfTerms(1, 1), commitIndex: 2 })]),
      ),
    ).toBeUndefined();
    const violation = invariant.check(
      clusterObservation(2, [
        nodeObservation({ id: 'a', incarnation: 1, log: logOfTerms(1, 2), commitIndex: 2 }),
      ]),
    );
    expect(violation?.message).toBe(
      'a committed another entry at index 2, where a proposal was acknowledged',
    );
  });

  it('catches another entry applied at an acknowledged index, in either order', () => {
    const first = new NoLostAcknowledgedProposal();
    first.recordAcknowledged(acknowledged(2, 1));
    expect(first.recordApplied({ nodeId: 'b', index: 2, term: 2, data: entry(2, 2).data })?.message).toBe(
      'b applied another entry at acknowledged index 2',
    );
    const second = new NoLostAcknowledgedProposal();
    second.recordApplied({ nodeId: 'b', index: 2, term: 2, data: entry(2, 2).data });
    expect(second.recordAcknowledged(acknowledged(2, 1))?.message).toBe(
      'index 2 was applied with another entry than the one acknowledged',
    );
  });

  it('catches a running node that never applied an acknowledged entry', () => {
    const invariant = new NoLostAcknowledgedProposal();
    invariant.recordAcknowledged(acknowledged(3, 1));
    const violation = invariant.checkFinal(
      clusterObservation(5, [
        nodeObservation({ id: 'c', log: logOfTerms(1, 1), commitIndex: 2, appliedIndex: 2 }),
      ]),
    );
    expect(violation?.message).toBe(
      'c applied only through index 2, short of the acknowledged proposal at 3',
    );
  });

  it('catches two different proposals acknowledged at one index', () => {
    const invariant = new NoLostAcknowledgedProposal();
    invariant.recordAcknowledged(acknowledged(2, 1));
    expect(invariant.recordAcknowledged(acknowledged(2, 2))?.message).toBe(
      'two different proposals were acknowledged at index 2',
    );
  });
});
