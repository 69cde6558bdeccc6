import { describe, expect, it } from 'vitest';
import { isRaftError } from '../errors/raft-error.js';
import type { ProposalBatch } from './proposal-batch.js';
import { ProposalTracker } from './proposal-tracker.js';

/** A batch of `count` callers that record how each was settled. */
function callers(count: number): { batch: ProposalBatch; outcomes: (string | undefined)[] } {
  const outcomes: (string | undefined)[] = new Array(count).fill(undefined);
  const batch: ProposalBatch = { resolves: [], rejects: [] };
  for (let k = 0; k < count; k++) {
    batch.resolves.push((value) => {
      outcomes[k] ??= `resolved ${String(value)}`;
    });
    batch.rejects.push((reason) => {
      outcomes[k] ??= isRaftError(reason) ? reason.code : `rejected ${String(reason)}`;
    });
  }
  return { batch, outcomes };
}

describe('ProposalTracker', () => {
  it('resolves the proposal at an applied index with the result when the term matches', () => {
    const tracker = new ProposalTracker();
    const { batch, outcomes } = callers(3);
    tracker.add(5, 2, batch);
    tracker.settle(5, 2, 'r5');
    tracker.settle(6, 2, 'r6');
    expect(outcomes).toEqual(['resolved r5', 'resolved r6', undefined]);
    tracker.settle(7, 2, 'r7');
    expect(outcomes).toEqual(['resolved r5', 'resolved r6', 'resolved r7']);
    expect(tracker.pendingBatches).toBe(0);
  });

  it('rejects with ProposalDroppedError when another term won the index (paper §5.3)', () => {
    const tracker = new ProposalTracker();
    const { batch, outcomes } = callers(2);
    tracker.add(5, 2, batch);
    tracker.settle(5, 3, 'other');
    tracker.settle(6, 3, 'other');
    expect(outcomes).toEqual(['ERR_RAFT_PROPOSAL_DROPPED', 'ERR_RAFT_PROPOSAL_DROPPED']);
  });

  it('ignores entries before the first tracked index (noops, other callers)', () => {
    const tracker = new ProposalTracker();
    const { batch, outcomes } = callers(1);
    tracker.add(10, 4, batch);
    for (let index = 1; index < 10; index++) tracker.settle(index, 4, 'x');
    expect(outcomes).toEqual([undefined]);
    tracker.settle(10, 4, 'mine');
    expect(outcomes).toEqual(['resolved mine']);
  });

  it('decides overlapping batches from different terms by the applied entry term', () => {
    // Appended 5..8 in term 2, lost leadership, log truncated to 6, led again: 7..8 in term 4.
    const tracker = new ProposalTracker();
    const old = callers(4);
    const fresh = callers(2);
    tracker.add(5, 2, old.batch);
    tracker.add(7, 4, fresh.batch);
    tracker.settle(5, 2, 'a');
    tracker.settle(6, 2, 'b');
    tracker.settle(7, 4, 'c');
    tracker.settle(8, 4, 'd');
    expect(old.outcomes).toEqual([
      'resolved a',
      'resolved b',
      'ERR_RAFT_PROPOSAL_DROPPED',
      'ERR_RAFT_PROPOSAL_DROPPED',
    ]);
    expect(fresh.outcomes).toEqual(['resolved c', 'resolved d']);
    expect(tracker.pendingBatches).toBe(0);
  });

  it('keeps batches sorted when one arrives out of order', () => {
    const tracker = new ProposalTracker();
    const later = callers(1);
    const earlier = callers(1);
    tracker.add(9, 3, later.batch);
    tracker.add(4, 3, earlier.batch);
    tracker.settle(4, 3, 'four');
    expect(earlier.outcomes).toEqual(['resolved four']);
    expect(later.outcomes).toEqual([undefined]);
    for (let index = 5; index <= 9; index++) tracker.settle(index, 3, index);
    expect(later.outcomes).toEqual(['resolved 9']);
  });

  it('reports proposals whose index was applied before they were tracked as outcome unknown', () => {
    const tracker = new ProposalTracker();
    tracker.settle(1, 1, undefined);
    tracker.settle(2, 1, undefined);
    const { batch, outcomes } = callers(3);
    tracker.add(2, 1, batch);
    expect(outcomes).toEqual(['ERR_RAFT_OUTCOME_UNKNOWN', undefined, undefined]);
    tracker.settle(3, 1, 'three');
    tracker.settle(4, 1, 'four');
    expect(outcomes).toEqual(['ERR_RAFT_OUTCOME_UNKNOWN', 'resolved three', 'resolved four']);
  });

  it('rejectAll rejects only the undecided proposals', () => {
    const tracker = new ProposalTracker();
    const { batch, outcomes } = callers(3);
    let made = 0;
    tracker.add(1, 1, batch);
    tracker.settle(1, 1, 'one');
    tracker.rejectAll(() => {
      made++;
      return new Error('stopped');
    });
    expect(outcomes).toEqual(['resolved one', 'rejected Error: stopped', 'rejected Error: stopped']);
    expect(made).toBe(2);
    expect(tracker.pendingBatches).toBe(0);
  });
});

describe('ProposalTracker.skipThrough (a snapshot was installed)', () => {
  it('rejects the proposals the snapshot covers with OutcomeUnknownError and keeps the rest waiting', () => {
    const tracker = new ProposalTracker();
    const first = callers(3);
    const second = callers(3);
    tracker.add(5, 2, first.batch);
    tracker.add(8, 2, second.batch);
    tracker.settle(5, 2, 'r5');
    tracker.skipThrough(9);
    expect(first.outcomes).toEqual(['resolved r5', 'ERR_RAFT_OUTCOME_UNKNOWN', 'ERR_RAFT_OUTCOME_UNKNOWN']);
    expect(second.outcomes).toEqual(['ERR_RAFT_OUTCOME_UNKNOWN', 'ERR_RAFT_OUTCOME_UNKNOWN', undefined]);
    expect(tracker.pendingBatches).toBe(1);
    tracker.settle(10, 2, 'r10');
    expect(second.outcomes[2]).toBe('resolved r10');
    expect(tracker.pendingBatches).toBe(0);
  });

  it('treats a proposal reported at a skipped index as of unknown outcome', () => {
    const tracker = new ProposalTracker();
    tracker.skipThrough(20);
    const late = callers(1);
    tracker.add(15, 3, late.batch);
    expect(late.outcomes).toEqual(['ERR_RAFT_OUTCOME_UNKNOWN']);
  });
});
