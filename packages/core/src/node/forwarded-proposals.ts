import type { ForwardedProposalResult } from '../engine/ready.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { type ProposalBatch, rejectBatch } from './proposal-batch.js';
import type { ProposalTracker } from './proposal-tracker.js';

/**
 * Proposals a follower forwarded to its leader, waiting for the leader's answer (by the engine's
 * request id). Once the leader says where it appended them, they move to the {@link ProposalTracker}
 * and are decided like local proposals.
 */
export class ForwardedProposals {
  private readonly waiting = new Map<number, ProposalBatch>();

  constructor(private readonly tracker: ProposalTracker) {}

  /** The number of forwarded batches without an answer yet. */
  get size(): number {
    return this.waiting.size;
  }

  /** Remembers the callers of proposals the engine forwarded under `requestId`. */
  add(requestId: number, callers: ProposalBatch): void {
    this.waiting.set(requestId, callers);
  }

  /** Acts on the leader's answer. Unknown request ids (answered twice, or after a stop) are ignored. */
  resolve(result: ForwardedProposalResult): void {
    const callers = this.waiting.get(result.requestId);
    if (callers === undefined) return;
    this.waiting.delete(result.requestId);
    switch (result.status) {
      case 'appended':
        this.tracker.add(result.firstIndex, result.term, callers);
        return;
      case 'rejected':
        rejectBatch(callers, () => new NotLeaderError(result.leaderHint));
        return;
      case 'lost':
        rejectBatch(
          callers,
          () => new OutcomeUnknownError('the leader changed before confirming the forwarded proposal'),
        );
        return;
    }
  }

  /** Rejects every waiting caller and forgets them. */
  rejectAll(makeError: () => Error): void {
    for (const callers of this.waiting.values()) rejectBatch(callers, makeError);
    this.waiting.clear();
  }
}
