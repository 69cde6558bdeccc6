import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { HardState } from '../types/hard-state.js';
import type { Membership, MembershipChange } from '../types/membership.js';
import type { Message } from '../types/message.js';
import {
  acceptCampaignInvitation,
  campaign,
  handleRequestVote,
  handleRequestVoteResponse,
  tickElection,
} from './election.js';
import type { EngineInitialState, EngineOptions } from './engine-options.js';
import { EngineState } from './engine-state.js';
import { acceptLeader, handleAppendEntries, handleHeartbeat } from './follower-replication.js';
import {
  forwardProposals,
  forwardRead,
  handleForwardProposal,
  handleForwardProposalResponse,
  handleReadIndex,
  handleReadIndexResponse,
  proposeAsLeader,
} from './forwarding.js';
import { requestReadAsLeader } from './leader-reads.js';
import {
  anyCommitIndexUnsent,
  broadcastHeartbeat,
  flushCommitIndex,
  handleAppendResponse,
  handleHeartbeatResponse,
  maybeCommit,
} from './leader-replication.js';
import { startTransfer, type TransferStart, tickTransfer } from './leadership-transfer.js';
import { proposeMembershipChange } from './membership-changes.js';
import type { MembershipChangeOutcome, ProposeOutcome } from './outcomes.js';
import { jointQuorumHas } from './quorum.js';
import type { Ready, SoftState } from './ready.js';
import { installSnapshot, type SnapshotInstallOutcome } from './snapshot-install.js';
import type { EngineStatus, PeerProgress } from './status.js';

/**
 * The Raft protocol as a pure, synchronous, deterministic state machine (etcd-raft's design).
 *
 * Inputs: `tick`, `step`, `propose`, `proposeMembershipChange`, `readIndex`, `transferLeadership`.
 * Output: a {@link Ready} batch (see its doc for the order the driver must follow), acknowledged
 * with `advance`. No I/O, no timers, no wall clock, no global randomness: the same inputs give the
 * same outputs, which is what makes whole-cluster simulation reproducible.
 */
export class RaftEngine {
  private readonly state: EngineState;
  private reportedHardState: HardState;
  private reportedSoftState: SoftState;

  constructor(options: EngineOptions, initial: EngineInitialState) {
    this.state = new EngineState(options, initial);
    this.reportedHardState = this.state.hardState();
    this.reportedSoftState = this.softState();
  }

  /** Advances logical time by one tick: elections, heartbeats, check-quorum, transfer timeouts. */
  tick(): void {
    const { state } = this;
    state.ticks += 1;
    if (state.role !== 'leader') {
      state.expireForwarded();
      tickElection(state);
      return;
    }
    state.heartbeatElapsed += 1;
    state.electionElapsed += 1;
    tickTransfer(state);
    if (state.electionElapsed >= state.options.electionTicks) {
      state.electionElapsed = 0;
      if (state.options.checkQuorum && !this.heardFromQuorum()) {
        // Cut off from a majority: stop accepting writes the cluster may never see (thesis §6.2).
        state.becomeFollower(state.term, undefined);
        return;
      }
      for (const progress of state.progress.values()) progress.recentlyActive = false;
    }
    if (state.heartbeatElapsed >= state.options.heartbeatTicks) {
      state.heartbeatElapsed = 0;
      broadcastHeartbeat(state);
    }
  }

  /** Handles a message from a peer. Never throws on bad input: such messages are dropped and counted. */
  step(message: Message): void {
    const { state } = this;
    if (message.to !== state.id || message.from === state.id) {
      state.droppedMessages += 1;
      return;
    }
    switch (message.type) {
      case 'forward-proposal':
        handleForwardProposal(state, message);
        return;
      case 'forward-proposal-response':
        handleForwardProposalResponse(state, message);
        return;
      case 'read-index':
        handleReadIndex(state, message);
        return;
      case 'read-index-response':
        handleReadIndexResponse(state, message);
        return;
      case 'forward-membership':
      case 'forward-membership-response':
        // Carried out by the driver (a join waits for the learner to catch up, which is not the
        // engine's business); like every client request, they never change anyone's term.
        return;
    }
    if (message.term > state.term) {
      if (message.type === 'request-vote') {
        handleRequestVote(state, message);
        return;
      }
      const grantedPreVote = message.type === 'request-vote-response' && message.preVote && message.granted;
      if (!grantedPreVote) {
        const fromLeader =
          message.type === 'append-entries' ||
          message.type === 'heartbeat' ||
          message.type === 'install-snapshot';
        const wasCandidate = state.role === 'candidate';
        state.becomeFollower(message.term, fromLeader ? message.from : undefined, fromLeader);
        if (message.type === 'request-vote-response') {
          acceptCampaignInvitation(state, message, wasCandidate);
          return;
        }
      }
    } else if (message.term < state.term) {
      this.answerStaleMessage(message);
      return;
    }
    switch (message.type) {
      case 'append-entries':
        handleAppendEntries(state, message);
        return;
      case 'heartbeat':
        handleHeartbeat(state, message);
        return;
      case 'append-entries-response':
        if (state.role === 'leader') handleAppendResponse(state, message);
        return;
      case 'heartbeat-response':
        if (state.role === 'leader') handleHeartbeatResponse(state, message);
        return;
      case 'request-vote':
        handleRequestVote(state, message);
        return;
      case 'request-vote-response':
        handleRequestVoteResponse(state, message);
        return;
      case 'timeout-now':
        if (state.role !== 'leader') campaign(state, true);
        return;
      case 'install-snapshot':
        // The driver streams the chunks; for the engine a chunk is a sign of life from the leader.
        acceptLeader(state, message.from);
        return;
      case 'install-snapshot-response':
        // Handled by the driver's snapshot sender; the engine only needed the term check above.
        return;
    }
  }

  /**
   * A message from an older term. A stale leader's appends get an answer carrying our term, so it
   * steps down; a stale candidate's vote request gets a refusal; everything else is ignored.
   */
  private answerStaleMessage(message: Message): void {
    const { state } = this;
    if (
      message.type === 'append-entries' ||
      message.type === 'heartbeat' ||
      message.type === 'install-snapshot'
    ) {
      state.send({
        type: 'append-entries-response',
        from: state.id,
        to: message.from,
        term: state.term,
        success: false,
        matchIndex: 0,
        rejectedIndex: 0,
        hintIndex: 0,
        hintTerm: 0,
      });
    } else if (message.type === 'request-vote') {
      handleRequestVote(state, message);
    }
  }

  /**
   * Proposes entries. On the leader they are appended; on a follower that knows the leader they
   * are forwarded to it; otherwise they are rejected.
   */
  propose(proposals: readonly Uint8Array[]): ProposeOutcome {
    if (this.state.role === 'leader') return proposeAsLeader(this.state, proposals);
    return forwardProposals(this.state, proposals);
  }

  /**
   * Proposes membership changes (leader only; one proposal at a time). Changing more than one
   * voter at once goes through a joint configuration.
   */
  proposeMembershipChange(changes: readonly MembershipChange[]): MembershipChangeOutcome {
    return proposeMembershipChange(this.state, changes);
  }

  /**
   * Requests a linearizable read point (ReadIndex, thesis §6.4). The outcome arrives in
   * `Ready.readResults` under `requestId`, which the caller chooses and must keep unique among
   * its pending reads.
   */
  readIndex(requestId: number): void {
    if (this.state.role === 'leader') requestReadAsLeader(this.state, requestId, this.state.id);
    else forwardRead(this.state, requestId);
  }

  /** Starts a leadership transfer to `to` (thesis §3.10). */
  transferLeadership(to: string): TransferStart {
    return startTransfer(this.state, to);
  }

  /**
   * Takes a snapshot a leader streamed to this node, complete and verified and already in the
   * snapshot store. If it replaces the log, the next Ready carries it in `snapshot`.
   */
  installSnapshot(leaderId: string, term: number, snapshot: SnapshotMetadata): SnapshotInstallOutcome {
    return installSnapshot(this.state, leaderId, term, snapshot);
  }

  /** Records a snapshot the driver took (or holds), which the leader may send to lagging followers. */
  registerSnapshot(lastIncludedIndex: number, lastIncludedTerm: number): void {
    const latest = this.state.latestSnapshot;
    if (latest === undefined || lastIncludedIndex > latest.index) {
      this.state.latestSnapshot = { index: lastIncludedIndex, term: lastIncludedTerm };
    }
  }

  /**
   * Drops log entries up to `throughIndex`, which a registered snapshot covers. Entries not yet
   * applied or persisted are kept; so is everything past the latest registered snapshot.
   */
  compactLog(throughIndex: number): void {
    const latest = this.state.latestSnapshot;
    if (latest === undefined) return;
    this.state.compactLog(Math.min(throughIndex, latest.index));
  }

  /** The membership in effect at `index` (not before the compacted prefix): what a snapshot there records. */
  membershipAt(index: number): Membership {
    return this.state.membershipAt(index);
  }

  /** The term of the entry at `index`, if the log still holds it (or it is the compacted prefix's last). */
  termAt(index: number): number | undefined {
    return this.state.log.term(index);
  }

  /**
   * Reports how a snapshot transfer from `Ready.snapshotTransfers` ended. On failure the follower
   * goes back to probing (and gets another snapshot if it still needs one).
   */
  reportSnapshotTransfer(to: string, succeeded: boolean): void {
    const progress = this.state.progress.get(to);
    if (progress === undefined || progress.state !== 'snapshot') return;
    const pending = progress.pendingSnapshotIndex;
    progress.becomeProbe();
    if (succeeded) progress.nextIndex = Math.max(progress.nextIndex, pending + 1);
  }

  /** Starts an election now (skipping the timeout; still runs pre-vote when enabled). */
  campaign(): void {
    if (this.state.role !== 'leader') campaign(this.state, false);
  }

  /** Whether `ready()` has anything to hand out. */
  hasReady(): boolean {
    const { state } = this;
    return (
      state.outbox.length > 0 ||
      state.log.hasUnstableEntries() ||
      state.log.hasEntriesToApply() ||
      state.readResults.length > 0 ||
      state.forwardedProposalResults.length > 0 ||
      state.snapshotTransfers.length > 0 ||
      state.installedSnapshot !== undefined ||
      state.membershipChanged ||
      (state.role === 'leader' && (state.leaderReads.needsRound() || anyCommitIndexUnsent(state))) ||
      !sameHardState(this.reportedHardState, state.hardState()) ||
      !sameSoftState(this.reportedSoftState, this.softState())
    );
  }

  /** Collects the pending work. Call `advance` once it has been carried out. */
  ready(): Ready {
    const { state } = this;
    if (state.role === 'leader') {
      if (state.leaderReads.needsRound()) broadcastHeartbeat(state);
      flushCommitIndex(state);
    }
    const hardState = state.hardState();
    const softState = this.softState();
    const ready: Ready = {
      softState: sameSoftState(this.reportedSoftState, softState) ? undefined : softState,
      snapshot: state.installedSnapshot,
      hardState: sameHardState(this.reportedHardState, hardState) ? undefined : hardState,
      entries: state.log.hasUnstableEntries() ? state.log.unstableEntries() : [],
      messages: state.outbox,
      committedEntries: state.log.hasEntriesToApply() ? state.log.takeEntriesToApply() : [],
      membership: state.membershipChanged ? state.membership : undefined,
      readResults: state.readResults,
      forwardedProposalResults: state.forwardedProposalResults,
      snapshotTransfers: state.snapshotTransfers,
    };
    this.reportedHardState = hardState;
    this.reportedSoftState = softState;
    state.outbox = [];
    state.readResults = [];
    state.forwardedProposalResults = [];
    state.snapshotTransfers = [];
    state.installedSnapshot = undefined;
    state.membershipChanged = false;
    return ready;
  }

  /** Acknowledges that a Ready's entries are durable and its committed entries applied. */
  advance(ready: Ready): void {
    const lastPersisted = ready.entries[ready.entries.length - 1];
    if (lastPersisted !== undefined) {
      this.state.log.markStable(lastPersisted);
      // The leader's own copy now counts towards a majority.
      if (this.state.role === 'leader') maybeCommit(this.state);
    }
    const lastApplied = ready.committedEntries[ready.committedEntries.length - 1];
    // Max: a snapshot installed meanwhile may have moved the applied index past this Ready's entries.
    if (lastApplied !== undefined)
      this.state.log.appliedIndex = Math.max(this.state.log.appliedIndex, lastApplied.index);
  }

  /** A read-only view of the engine's state. */
  status(): EngineStatus {
    const { state } = this;
    let progress: Map<string, PeerProgress> | undefined;
    if (state.role === 'leader') {
      progress = new Map();
      for (const [peer, peerProgress] of state.progress) progress.set(peer, peerProgress.view());
    }
    return {
      id: state.id,
      role: state.role,
      term: state.term,
      votedFor: state.votedFor,
      leaderId: state.leaderId,
      commitIndex: state.log.commitIndex,
      appliedIndex: state.log.appliedIndex,
      lastIndex: state.log.lastIndex(),
      lastTerm: state.log.lastTerm(),
      membership: state.membership,
      progress,
      transferTarget: state.transferTarget,
      droppedMessages: state.droppedMessages,
    };
  }

  private softState(): SoftState {
    return { role: this.state.role, term: this.state.term, leaderId: this.state.leaderId };
  }

  private heardFromQuorum(): boolean {
    const { state } = this;
    return jointQuorumHas(
      state.voterSets,
      (voter) => voter === state.id || state.progress.get(voter)?.recentlyActive === true,
    );
  }
}

function sameHardState(a: HardState, b: HardState): boolean {
  return a.term === b.term && a.votedFor === b.votedFor && a.commitIndex === b.commitIndex;
}

function sameSoftState(a: SoftState, b: SoftState): boolean {
  return a.role === b.role && a.term === b.term && a.leaderId === b.leaderId;
}
