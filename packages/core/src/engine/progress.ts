import { Inflights } from './inflights.js';
import type { PeerProgress, ReplicationState } from './status.js';

/**
 * What a leader knows about one follower's log, and how it sends to it (thesis §10.2.1).
 *
 * - `probe`: the leader does not know where the logs agree; it sends one append at a time and
 *   waits for the answer (or the next heartbeat) before trying again.
 * - `replicate`: the logs agree up to `matchIndex`; the leader streams appends optimistically,
 *   advancing `nextIndex` as it sends, up to the in-flight window.
 * - `snapshot`: the peer needs entries the leader has compacted away; the driver streams it a
 *   snapshot and appends wait until the transfer ends.
 *
 * Invariant: `matchIndex < nextIndex`.
 */
export class Progress {
  matchIndex = 0;
  nextIndex: number;
  state: ReplicationState = 'probe';
  /** In `probe`: an append was sent and not yet answered. */
  probeSent = false;
  /** Heard from within the current election timeout (check-quorum). */
  recentlyActive = false;
  /** The highest read round this peer acknowledged. */
  ackedReadRound = 0;
  /** The commit index last sent to this peer. */
  sentCommitIndex = 0;
  /** In `snapshot`: the index of the snapshot being sent. */
  pendingSnapshotIndex = 0;
  readonly inflights: Inflights;

  constructor(nextIndex: number, maxInflightAppends: number, maxInflightBytes: number) {
    this.nextIndex = nextIndex;
    this.inflights = new Inflights(maxInflightAppends, maxInflightBytes);
  }

  /** Whether the leader must hold off sending more entries. */
  isPaused(): boolean {
    switch (this.state) {
      case 'probe':
        return this.probeSent;
      case 'replicate':
        return this.inflights.isFull();
      case 'snapshot':
        return true;
    }
  }

  /** Records that the peer holds entries through `index`; returns whether that was news. */
  acknowledge(index: number): boolean {
    if (index <= this.matchIndex) return false;
    this.matchIndex = index;
    this.nextIndex = Math.max(this.nextIndex, index + 1);
    this.probeSent = false;
    return true;
  }

  becomeProbe(): void {
    this.state = 'probe';
    this.probeSent = false;
    this.nextIndex = this.matchIndex + 1;
    this.inflights.reset();
  }

  /** The peer needs a snapshot: nothing more is sent until the transfer ends. */
  becomeSnapshot(snapshotIndex: number): void {
    this.state = 'snapshot';
    this.pendingSnapshotIndex = snapshotIndex;
    this.inflights.reset();
  }

  becomeReplicate(): void {
    this.state = 'replicate';
    this.probeSent = false;
    this.nextIndex = this.matchIndex + 1;
    this.inflights.reset();
  }

  /**
   * Handles a rejected append of `rejectedIndex` (the request's prevLogIndex); `nextProbeIndex` is
   * where the follower's hint says to look next. Returns false for a stale rejection.
   */
  rejected(rejectedIndex: number, nextProbeIndex: number): boolean {
    if (this.state === 'replicate') {
      // A rejection of something already matched is from an earlier, reordered message.
      if (rejectedIndex <= this.matchIndex) return false;
      this.becomeProbe();
      return true;
    }
    // In probe, only the answer to the last probe counts.
    if (this.nextIndex - 1 !== rejectedIndex) return false;
    if (rejectedIndex <= this.matchIndex) {
      // The answer to our latest probe denies an entry the peer acknowledged: its log really is
      // shorter now. A node removed, wiped and added back can get here through a late
      // acknowledgement from its previous life (seed 340 of `--faults all`), and so can a disk that
      // lost acknowledged data. Believe the peer and back off below what it holds; clamping to the
      // old match index would resend the same probe forever. Lowering the match index never lowers
      // the commit index, which only grows.
      this.matchIndex = Math.min(this.matchIndex, nextProbeIndex);
    }
    this.nextIndex = Math.max(Math.min(rejectedIndex, nextProbeIndex + 1), this.matchIndex + 1);
    this.probeSent = false;
    return true;
  }

  /** A read-only copy for status reports. */
  view(): PeerProgress {
    return {
      matchIndex: this.matchIndex,
      nextIndex: this.nextIndex,
      state: this.state,
      inflightAppends: this.inflights.count(),
      recentlyActive: this.recentlyActive,
    };
  }
}
