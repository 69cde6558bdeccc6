import type { RaftEngine } from '../engine/raft-engine.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { ForwardedProposals } from './forwarded-proposals.js';
import { type Reject, type Resolve, rejectBatch } from './proposal-batch.js';
import { ProposalQueue } from './proposal-queue.js';
import { ProposalTracker } from './proposal-tracker.js';
import { ReadTracker } from './read-tracker.js';

/**
 * Every caller waiting on the node, through each stage: queued (the engine has not seen the
 * request), forwarded to the leader, appended at a known index, or (reads) waiting for their read
 * index. One place, so that `stop()` can reject each with what is known about its fate.
 */
export class PendingRequests {
  readonly queue = new ProposalQueue();
  readonly tracker = new ProposalTracker();
  readonly forwarded = new ForwardedProposals(this.tracker);
  readonly reads = new ReadTracker();
  private nextReadRequestId = 1;

  /** Queues a proposal until the loop hands it to the engine. */
  propose(data: Uint8Array, resolve: Resolve, reject: Reject): void {
    this.queue.push(data, resolve, reject);
  }

  /** Queues a read until the loop issues the next ReadIndex request. */
  read(resolve: Resolve, reject: Reject): void {
    this.reads.enqueue(resolve, reject);
  }

  /** Waits for the entry at `index` to be applied; resolves with its result if it still has `term`. */
  awaitApplied(index: number, term: number): Promise<unknown> {
    return new Promise((resolve, reject) =>
      this.tracker.add(index, term, { resolves: [resolve], rejects: [reject] }),
    );
  }

  /**
   * Hands everything queued to the engine: all proposals in one `propose` call (one log write,
   * one append message: group commit) and all reads under one ReadIndex request.
   */
  handOver(engine: RaftEngine): void {
    if (this.queue.length > 0) {
      const batch = this.queue.take();
      const outcome = engine.propose(batch.data);
      switch (outcome.status) {
        case 'appended':
          this.tracker.add(outcome.firstIndex, outcome.term, batch);
          break;
        case 'forwarded':
          this.forwarded.add(outcome.requestId, batch);
          break;
        case 'rejected':
          rejectBatch(batch, () => new NotLeaderError(outcome.leaderHint));
          break;
      }
    }
    if (this.reads.hasQueued) {
      const requestId = this.nextReadRequestId++;
      this.reads.issue(requestId);
      engine.readIndex(requestId);
    }
  }

  /**
   * Rejects every caller because the node stopped (`cause`: the fatal error, if any). What the
   * engine never saw rejects with `NodeStoppedError`: nothing happened. Proposals it saw may
   * still commit elsewhere, so they reject with `OutcomeUnknownError`.
   */
  rejectAll(cause: Error | undefined): void {
    const errorOptions = cause === undefined ? undefined : { cause };
    const notHandedOver = () => new NodeStoppedError(errorOptions);
    const reason = cause === undefined ? 'the node stopped' : `the node stopped: ${cause.message}`;
    const outcomeUnknown = () => new OutcomeUnknownError(reason);
    rejectBatch(this.queue.take(), notHandedOver);
    this.tracker.rejectAll(outcomeUnknown);
    this.forwarded.rejectAll(outcomeUnknown);
    this.reads.rejectAll(notHandedOver);
  }
}
