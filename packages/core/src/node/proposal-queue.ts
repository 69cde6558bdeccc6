import type { ProposalBatch, Reject, Resolve } from './proposal-batch.js';

/** Proposals waiting to be handed to the engine, and their callers. */
export interface QueuedProposals extends ProposalBatch {
  readonly data: Uint8Array[];
}

/**
 * Proposals that arrived since the driver last called `engine.propose`: the group-commit buffer.
 *
 * While a write is in flight, every proposal lands here; when the loop comes round, `take()` hands
 * all of them to the engine in one call, so they share the next log write and the next append
 * message (DESIGN.md, "Group commit").
 */
export class ProposalQueue {
  private data: Uint8Array[] = [];
  private resolves: Resolve[] = [];
  private rejects: Reject[] = [];

  /** The number of queued proposals. */
  get length(): number {
    return this.data.length;
  }

  /** Queues a proposal and its caller. */
  push(data: Uint8Array, resolve: Resolve, reject: Reject): void {
    this.data.push(data);
    this.resolves.push(resolve);
    this.rejects.push(reject);
  }

  /**
   * Removes and returns everything queued. The arrays are handed over, not copied: the engine
   * takes `data` as is, and the callers' arrays become the batch the tracker keeps.
   */
  take(): QueuedProposals {
    const taken = { data: this.data, resolves: this.resolves, rejects: this.rejects };
    this.data = [];
    this.resolves = [];
    this.rejects = [];
    return taken;
  }
}
