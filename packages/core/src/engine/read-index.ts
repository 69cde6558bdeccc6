/** How many recent rounds' send times the leader keeps. */
const ROUNDS_REMEMBERED = 1024;

/** A ReadIndex request waiting on the leader. */
export interface PendingRead {
  readonly requestId: number;
  /** The node that asked: this leader itself, or a follower that forwarded it. */
  readonly from: string;
  /** The commit index when the request arrived: the read is served once that much is applied. */
  readIndex: number;
  /** The heartbeat round whose quorum acknowledgement confirms this leader was still leader. */
  round: number;
}

/**
 * The leader's ReadIndex bookkeeping (thesis §6.4). Reads are confirmed in heartbeat *rounds*:
 * every heartbeat broadcast carries a round number, followers echo it, and a read registered
 * before round r went out is safe once a majority acknowledged round r. Many concurrent reads share
 * one round, so a burst of reads costs one heartbeat broadcast.
 */
export class LeaderReads {
  /** The last round broadcast. */
  currentRound = 0;
  /** Reads registered for a round not yet broadcast (round = currentRound + 1), or broadcast. */
  private pending: PendingRead[] = [];
  /** Reads that arrived before this leader committed an entry of its own term. */
  private awaitingCommit: PendingRead[] = [];
  /** When each recent round went out, in engine ticks (for leases). */
  private readonly roundSentAt = new Map<number, number>();

  /** Queues a read that must wait for the next round. */
  add(read: PendingRead): void {
    read.round = this.currentRound + 1;
    this.pending.push(read);
  }

  /** Parks a read until the leader's first own-term entry commits (its commit index is unknown before). */
  park(read: PendingRead): void {
    this.awaitingCommit.push(read);
  }

  /** Releases parked reads now that the commit index is current. */
  unpark(): PendingRead[] {
    const released = this.awaitingCommit;
    this.awaitingCommit = [];
    return released;
  }

  /** Whether reads wait for a round that has not been broadcast yet. */
  needsRound(): boolean {
    const last = this.pending[this.pending.length - 1];
    return last !== undefined && last.round > this.currentRound;
  }

  /** Starts a new round at `tick`; returns its number. */
  startRound(tick: number): number {
    this.currentRound += 1;
    this.roundSentAt.set(this.currentRound, tick);
    // Bounded memory: an acknowledgement of a round this old is useless for a lease anyway.
    this.roundSentAt.delete(this.currentRound - ROUNDS_REMEMBERED);
    return this.currentRound;
  }

  /** The tick at which `round` was broadcast, if still remembered. */
  sentAt(round: number): number | undefined {
    return this.roundSentAt.get(round);
  }

  /** Removes and returns the reads confirmed by a majority acknowledging `round`. */
  confirmThrough(round: number): PendingRead[] {
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.round <= round) count++;
    return count === 0 ? [] : this.pending.splice(0, count);
  }

  /** Removes and returns every waiting read (leadership lost). */
  failAll(): PendingRead[] {
    const all = [...this.awaitingCommit, ...this.pending];
    this.reset();
    return all;
  }

  reset(): void {
    this.pending = [];
    this.awaitingCommit = [];
    this.roundSentAt.clear();
    this.currentRound = 0;
  }
}
