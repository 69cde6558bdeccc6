import { describe, expect, it } from 'vitest';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { ForwardedProposals } from './forwarded-proposals.js';
import { ProposalTracker } from './proposal-tracker.js';

function deferred() {
  const settled: { value?: unknown; error?: unknown } = {};
  return {
    settled,
    resolve: (value: unknown) => {
      settled.value = value;
    },
    reject: (error: unknown) => {
      settled.error = error;
    },
  };
}

describe('ForwardedProposals', () => {
  it('moves appended proposals to the tracker at the index the leader reported', () => {
    const tracker = new ProposalTracker();
    const forwarded = new ForwardedProposals(tracker);
    const first = deferred();
    const second = deferred();
    forwarded.add(7, { resolves: [first.resolve, second.resolve], rejects: [first.reject, second.reject] });
    forwarded.resolve({ requestId: 7, status: 'appended', firstIndex: 12, term: 3 });
    expect(forwarded.size).toBe(0);
    tracker.settle(12, 3, 'twelve');
    tracker.settle(13, 3, 'thirteen');
    expect(first.settled).toEqual({ value: 'twelve' });
    expect(second.settled).toEqual({ value: 'thirteen' });
  });

  it('rejects with NotLeaderError and the hint when the leader refused', () => {
    const forwarded = new ForwardedProposals(new ProposalTracker());
    const caller = deferred();
    forwarded.add(1, { resolves: [caller.resolve], rejects: [caller.reject] });
    forwarded.resolve({ requestId: 1, status: 'rejected', leaderHint: 'c' });
    expect(caller.settled.error).toBeInstanceOf(NotLeaderError);
    expect((caller.settled.error as NotLeaderError).leaderHint).toBe('c');
  });

  it('rejects with OutcomeUnknownError when the answer was lost with the leader', () => {
    const forwarded = new ForwardedProposals(new ProposalTracker());
    const caller = deferred();
    forwarded.add(1, { resolves: [caller.resolve], rejects: [caller.reject] });
    forwarded.resolve({ requestId: 1, status: 'lost' });
    expect(caller.settled.error).toBeInstanceOf(OutcomeUnknownError);
  });

  it('ignores answers to unknown requests and rejects the rest on rejectAll', () => {
    const forwarded = new ForwardedProposals(new ProposalTracker());
    const caller = deferred();
    forwarded.add(2, { resolves: [caller.resolve], rejects: [caller.reject] });
    forwarded.resolve({ requestId: 99, status: 'lost' });
    expect(caller.settled).toEqual({});
    forwarded.rejectAll(() => new OutcomeUnknownError('stopped'));
    expect(caller.settled.error).toBeInstanceOf(OutcomeUnknownError);
    expect(forwarded.size).toBe(0);
  });
});
