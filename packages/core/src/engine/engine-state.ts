import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { Entry } from '../types/entry.js';
import type { HardState } from '../types/hard-state.js';
import { decodeMembership, type Membership } from '../types/membership.js';
import type { Message } from '../types/message.js';
import type { EngineInitialState, EngineOptions } from './engine-options.js';
import { ForwardedRequests } from './forwarded-requests.js';
import { Progress } from './progress.js';
import { RaftLog } from './raft-log.js';
import { LeaderReads } from './read-index.js';
import type { ForwardedProposalResult, ReadResult, Role, SnapshotTransfer } from './ready.js';

/**
 * The engine's mutable state and the transitions every handler shares (becoming follower,
 * candidate, leader; changing membership; queueing messages and results). Handlers live in their
 * own modules and operate on this object; `RaftEngine` is the public face.
 */
export class EngineState {
  readonly id: string;
  term: number;
  votedFor: string | undefined;
  role: Role = 'follower';
  leaderId: string | undefined;
  readonly log: RaftLog;

  membership: Membership;
  /**
   * The voter sets of `membership`: the voters, plus the outgoing voters during a joint change.
   * Cached because quorum checks run on every acknowledgement.
   */
  voterSets: string[][] = [];
  /** Every voter of any set, each once. */
  allVoters: string[] = [];
  /** Indexes of the config entries in the log, ascending; the last one is in effect. */
  private readonly configIndexes: number[] = [];
  /** The membership at the log's compacted prefix (from the snapshot or bootstrap). */
  private baseMembership: Membership;
  membershipChanged = false;
  /** The index of the latest config entry a leader appended; no new change until it commits. */
  pendingConfigIndex = 0;

  /** Ticks since the last election timeout reset (followers) or check-quorum round (leaders). */
  electionElapsed = 0;
  heartbeatElapsed = 0;
  randomizedElectionTimeout = 0;
  /** Ticks since the engine started: the time base for leases. */
  ticks = 0;
  /** Votes received in the current (pre-)election. */
  readonly votes = new Map<string, boolean>();
  /** Whether a voter that refused this candidacy invited a new one at once (see election.ts). */
  campaignInvited = false;
  /** Per-peer replication state; filled on the leader only. */
  readonly progress = new Map<string, Progress>();
  readonly leaderReads: LeaderReads;
  transferTarget: string | undefined;
  transferElapsed = 0;

  /** Proposals forwarded to the leader, by the engine's request id. */
  readonly forwardedProposals = new ForwardedRequests();
  /** Reads forwarded to the leader, by the driver's request id. */
  readonly forwardedReads = new ForwardedRequests();
  nextForwardId = 1;
  /** Peer messages dropped as malformed or impossible (a bug or corruption elsewhere). */
  droppedMessages = 0;

  /** The newest snapshot the driver holds, which the leader can send to followers that lag behind the log. */
  latestSnapshot: { readonly index: number; readonly term: number } | undefined;
  /** Snapshot transfers the leader asks the driver to start. */
  snapshotTransfers: SnapshotTransfer[] = [];
  /** A snapshot the follower installed; the driver restores the state machine from it. */
  installedSnapshot: SnapshotMetadata | undefined;

  outbox: Message[] = [];
  readResults: ReadResult[] = [];
  forwardedProposalResults: ForwardedProposalResult[] = [];

  constructor(
    readonly options: EngineOptions,
    initial: EngineInitialState,
  ) {
    this.id = options.id;
    this.term = initial.hardState.term;
    this.votedFor = initial.hardState.votedFor;
    this.log = new RaftLog(
      initial.entries,
      initial.baseIndex,
      initial.baseTerm,
      initial.hardState.commitIndex,
      initial.appliedIndex,
    );
    this.baseMembership = initial.baseMembership;
    if (initial.baseIndex > 0) this.latestSnapshot = { index: initial.baseIndex, term: initial.baseTerm };
    this.membership = initial.baseMembership;
    this.leaderReads = new LeaderReads();
    for (const entry of initial.entries) {
      if (entry.type === 'config') this.configIndexes.push(entry.index);
    }
    this.refreshMembership();
    this.membershipChanged = false;
    this.role = this.isVoter(this.id) || this.membership.members.length === 0 ? 'follower' : 'learner';
    this.resetElectionTimeout();
  }

  // ---- messages and results -------------------------------------------------------------------

  send(message: Message): void {
    this.outbox.push(message);
  }

  hardState(): HardState {
    return { term: this.term, votedFor: this.votedFor, commitIndex: this.log.commitIndex };
  }

  // ---- membership -----------------------------------------------------------------------------

  isVoter(id: string): boolean {
    return this.allVoters.includes(id);
  }

  isMember(id: string): boolean {
    return this.membership.members.some((member) => member.id === id);
  }

  /** Peers (members other than this node). */
  peerIds(): string[] {
    const peers: string[] = [];
    for (const member of this.membership.members) if (member.id !== this.id) peers.push(member.id);
    return peers;
  }

  /** Records config entries appended to the log and switches to the newest (thesis §4.1). */
  noteAppended(entries: readonly Entry[]): void {
    let changed = false;
    for (const entry of entries) {
      if (entry.type === 'config') {
        this.configIndexes.push(entry.index);
        changed = true;
      }
    }
    if (changed) this.refreshMembership();
  }

  /** Forgets config entries at or after `index` (they were truncated away) and reverts. */
  noteTruncated(fromIndex: number): void {
    let changed = false;
    while (this.configIndexes.length > 0 && this.configIndexes[this.configIndexes.length - 1]! >= fromIndex) {
      this.configIndexes.pop();
      changed = true;
    }
    if (changed) this.refreshMembership();
  }

  /** The membership in effect at `index` (at or after the compacted prefix). */
  membershipAt(index: number): Membership {
    let latest: number | undefined;
    for (const configIndex of this.configIndexes) if (configIndex <= index) latest = configIndex;
    const entry = latest === undefined ? undefined : this.log.entry(latest);
    return entry === undefined ? this.baseMembership : decodeMembership(entry.data);
  }

  /**
   * Drops the log up to `throughIndex` (covered by a snapshot), keeping the membership it implies.
   * Never drops entries that are not yet applied or persisted.
   */
  compactLog(throughIndex: number): void {
    const limit = Math.min(throughIndex, this.log.appliedIndex, this.log.stableIndex);
    if (limit <= this.log.compactedIndex()) return;
    this.baseMembership = this.membershipAt(limit);
    this.log.compact(limit);
    while (this.configIndexes.length > 0 && this.configIndexes[0]! <= limit) this.configIndexes.shift();
  }

  /** Replaces the log with an installed snapshot and adopts its membership. */
  restoreSnapshot(snapshot: SnapshotMetadata): void {
    this.log.restore(snapshot.lastIncludedIndex, snapshot.lastIncludedTerm);
    this.configIndexes.length = 0;
    this.baseMembership = snapshot.membership;
    this.latestSnapshot = { index: snapshot.lastIncludedIndex, term: snapshot.lastIncludedTerm };
    this.installedSnapshot = snapshot;
    this.refreshMembership();
  }

  private refreshMembership(): void {
    const latest = this.configIndexes[this.configIndexes.length - 1];
    const entry = latest === undefined ? undefined : this.log.entry(latest);
    // A config entry is written by this library's own encoder; a corrupt one is a storage fault.
    this.membership = entry === undefined ? this.baseMembership : decodeMembership(entry.data);
    const voters = this.membership.members.filter((member) => member.voter).map((member) => member.id);
    const outgoing = this.membership.outgoingVoters;
    this.voterSets = outgoing === undefined ? [voters] : [voters, [...outgoing]];
    this.allVoters = outgoing === undefined ? voters : [...new Set([...voters, ...outgoing])];
    this.membershipChanged = true;
    if (this.role === 'leader') this.syncProgressWithMembership();
    else if (this.role === 'learner' && this.isVoter(this.id)) this.role = 'follower';
    else if (this.role === 'follower' && this.isMember(this.id) && !this.isVoter(this.id))
      this.role = 'learner';
  }

  /** Gives every member a progress entry and drops those of removed members. */
  syncProgressWithMembership(): void {
    const next = this.log.lastIndex() + 1;
    for (const peer of this.peerIds()) {
      if (!this.progress.has(peer)) {
        this.progress.set(
          peer,
          new Progress(next, this.options.maxInflightAppends, this.options.maxInflightBytes),
        );
      }
    }
    this.pruneRemovedPeers();
  }

  /**
   * Stops replicating to removed members once their removal is committed. Until then they keep
   * receiving the log (without counting towards quorums), so they learn they were removed and stop
   * campaigning.
   */
  pruneRemovedPeers(): void {
    if (this.log.commitIndex < this.pendingConfigIndex) return;
    for (const peer of this.progress.keys()) {
      if (!this.isMember(peer)) this.progress.delete(peer);
    }
  }

  // ---- role transitions -----------------------------------------------------------------------

  resetElectionTimeout(): void {
    this.electionElapsed = 0;
    const base = this.options.electionTicks;
    this.randomizedElectionTimeout = base + Math.floor(this.options.random() * base);
  }

  /**
   * Adopts `term` (if newer) and follows `leaderId` (if known).
   *
   * `restartElectionTimer` is false when a node merely learns of a newer term without hearing
   * from a leader or granting a vote. The paper (Figure 2) restarts the timer only for those two;
   * restarting it on every newer term lets nodes that cannot win (a removed node with a stale
   * configuration, a candidate with a short log) keep the one node that could win from ever
   * campaigning, with pre-vote off.
   */
  becomeFollower(term: number, leaderId: string | undefined, restartElectionTimer = true): void {
    const wasLeader = this.role === 'leader';
    if (term > this.term) {
      this.term = term;
      this.votedFor = undefined;
    }
    this.role = this.isMember(this.id) && !this.isVoter(this.id) ? 'learner' : 'follower';
    this.setLeader(leaderId);
    this.votes.clear();
    this.heartbeatElapsed = 0;
    if (restartElectionTimer) this.resetElectionTimeout();
    if (wasLeader) this.leaveLeadership();
  }

  /** Switches the known leader, failing forwarded requests that the old one will never answer. */
  setLeader(leaderId: string | undefined): void {
    if (leaderId === this.leaderId) return;
    this.leaderId = leaderId;
    this.failForwarded(
      this.forwardedProposals.takeNotSentTo(leaderId),
      this.forwardedReads.takeNotSentTo(leaderId),
    );
  }

  /** Ends forwarded requests that went unanswered for an election timeout: they or their answers were lost. */
  expireForwarded(): void {
    const cutoff = this.ticks - this.options.electionTicks;
    this.failForwarded(this.forwardedProposals.takeSentBy(cutoff), this.forwardedReads.takeSentBy(cutoff));
  }

  private failForwarded(proposalIds: readonly number[], readIds: readonly number[]): void {
    for (const requestId of proposalIds) this.forwardedProposalResults.push({ requestId, status: 'lost' });
    for (const requestId of readIds) {
      this.readResults.push({ requestId, status: 'failed', leaderHint: this.leaderId });
    }
  }

  private leaveLeadership(): void {
    this.progress.clear();
    this.transferTarget = undefined;
    this.pendingConfigIndex = 0;
    for (const failed of this.leaderReads.failAll()) {
      if (failed.from === this.id) {
        this.readResults.push({ requestId: failed.requestId, status: 'failed', leaderHint: this.leaderId });
      } else {
        this.send({
          type: 'read-index-response',
          from: this.id,
          to: failed.from,
          term: this.term,
          requestId: failed.requestId,
          accepted: false,
          readIndex: 0,
          leaderHint: this.leaderId,
        });
      }
    }
  }

  becomePreCandidate(): void {
    // A pre-candidate keeps its term and vote: a pre-vote changes nothing until it succeeds.
    this.role = 'pre-candidate';
    this.setLeader(undefined);
    this.votes.clear();
    this.resetElectionTimeout();
  }

  becomeCandidate(): void {
    this.term += 1;
    this.votedFor = this.id;
    this.role = 'candidate';
    this.setLeader(undefined);
    this.votes.clear();
    this.campaignInvited = false;
    this.resetElectionTimeout();
  }

  becomeLeader(): void {
    this.role = 'leader';
    this.setLeader(this.id);
    this.votes.clear();
    this.heartbeatElapsed = 0;
    this.electionElapsed = 0;
    this.progress.clear();
    this.syncProgressWithMembership();
    for (const progress of this.progress.values()) progress.recentlyActive = true;
    this.leaderReads.reset();
    // No membership change until an entry of this term commits: the fix for the single-server
    // change bug (Ongaro, raft-dev 2015). The noop appended next is that entry.
    this.pendingConfigIndex = this.log.lastIndex() + 1;
  }
}
