import type { Entry } from './entry.js';
import type { Membership } from './membership.js';

/**
 * Fields every Raft message carries. `term` is the sender's current term, except in pre-vote
 * requests (the term the sender would campaign in) and granted pre-vote responses (the term of the
 * request they answer).
 */
interface MessageHeader {
  readonly from: string;
  readonly to: string;
  readonly term: number;
}

/** Leader → follower: entries to append after `prevLogIndex` (Raft paper §5.3). */
export interface AppendEntriesRequest extends MessageHeader {
  readonly type: 'append-entries';
  readonly prevLogIndex: number;
  readonly prevLogTerm: number;
  readonly entries: readonly Entry[];
  /** The leader's commit index (the follower commits up to min(this, its last new entry)). */
  readonly leaderCommit: number;
}

/** Follower → leader: the outcome of an append. */
export interface AppendEntriesResponse extends MessageHeader {
  readonly type: 'append-entries-response';
  readonly success: boolean;
  /** On success: the index of the last entry now known to match the leader's log. */
  readonly matchIndex: number;
  /** On rejection: the `prevLogIndex` of the rejected request, so the leader can ignore stale rejections. */
  readonly rejectedIndex: number;
  /**
   * On rejection, where the leader should look next (fast back-off, thesis §5.3): the follower's
   * best guess at the last index that may match, and the term of its entry there (0 if none).
   */
  readonly hintIndex: number;
  readonly hintTerm: number;
}

/** Candidate → voter: a request for a vote, or a pre-vote (thesis §9.6) that changes no state. */
export interface RequestVoteRequest extends MessageHeader {
  readonly type: 'request-vote';
  readonly preVote: boolean;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
  /** Set when a leadership transfer told the candidate to campaign: voters ignore their leader lease. */
  readonly transfer: boolean;
}

/** Voter → candidate: the answer to a (pre-)vote request. */
export interface RequestVoteResponse extends MessageHeader {
  readonly type: 'request-vote-response';
  readonly preVote: boolean;
  readonly granted: boolean;
  /**
   * Set on a refused (real) vote when only the candidate's term stood in the way: the voter follows
   * no leader, has not voted for anyone else, and the candidate's log is strictly more up to date
   * than its own. The candidate may campaign again at once, in `term + 1`, instead of racing the
   * voter's election timer (without pre-vote, two such nodes can raise terms past each other for
   * many election timeouts).
   */
  readonly campaignAgain: boolean;
}

/**
 * Leader → follower: "I am still leader". Carries the commit index the follower may use (never past
 * what the follower is known to have) and a read round for ReadIndex confirmation.
 */
export interface HeartbeatRequest extends MessageHeader {
  readonly type: 'heartbeat';
  readonly commitIndex: number;
  readonly readRound: number;
}

/** Follower → leader: the acknowledgement of a heartbeat, echoing its read round. */
export interface HeartbeatResponse extends MessageHeader {
  readonly type: 'heartbeat-response';
  readonly readRound: number;
}

/** Leader → transfer target: campaign now, without waiting for an election timeout (thesis §3.10). */
export interface TimeoutNowRequest extends MessageHeader {
  readonly type: 'timeout-now';
}

/** Follower → leader: proposals made on a follower, forwarded for the leader to append. */
export interface ForwardProposalRequest extends MessageHeader {
  readonly type: 'forward-proposal';
  /** Chosen by the follower; echoed in the response. */
  readonly requestId: number;
  readonly proposals: readonly Uint8Array[];
}

/** Leader → follower: where the forwarded proposals were appended, or why they were not. */
export interface ForwardProposalResponse extends MessageHeader {
  readonly type: 'forward-proposal-response';
  readonly requestId: number;
  readonly accepted: boolean;
  /** When accepted: the index of the first proposal; the others follow it. */
  readonly firstIndex: number;
  /** The sender's view of the leader, as a hint for a rejected request. */
  readonly leaderHint: string | undefined;
}

/** What a forwarded `join` or `leave` asks the leader to do. */
export type ForwardedMembershipOperation =
  | { readonly kind: 'join'; readonly nodeId: string; readonly address: string; readonly voter: boolean }
  | { readonly kind: 'leave'; readonly nodeId: string };

/**
 * Follower → leader: a `join` or `leave` called on a follower, for the leader's driver to carry
 * out (the engine ignores it). Re-sent while unanswered; the leader runs one operation per
 * (sender, requestId) at a time, and the operations are idempotent.
 */
export interface ForwardMembershipRequest extends MessageHeader {
  readonly type: 'forward-membership';
  /** Chosen by the follower; echoed in the response. */
  readonly requestId: number;
  readonly operation: ForwardedMembershipOperation;
}

/** How a forwarded membership operation ended on the leader. */
export type ForwardedMembershipOutcome = 'done' | 'not-leader' | 'refused' | 'unknown';

/** Leader → follower: how a forwarded `join` or `leave` ended. */
export interface ForwardMembershipResponse extends MessageHeader {
  readonly type: 'forward-membership-response';
  readonly requestId: number;
  /**
   * `done`: the change is committed (see `appliedIndex`); `not-leader`: the receiver does not lead
   * (see `leaderHint`); `refused`: the change is invalid or conflicts with one in progress (see
   * `reason`); `unknown`: leadership was lost mid-way, the change may or may not commit.
   */
  readonly outcome: ForwardedMembershipOutcome;
  /** When done: an index at or past the change's entry; the follower resolves once it applied it. */
  readonly appliedIndex: number;
  readonly leaderHint: string | undefined;
  /** Why it was refused or its outcome is unknown; empty when done. */
  readonly reason: string;
}

/** Follower → leader: a ReadIndex request made on a follower (thesis §6.4). */
export interface ReadIndexRequest extends MessageHeader {
  readonly type: 'read-index';
  readonly requestId: number;
}

/** Leader → follower: the confirmed read index, or a refusal. */
export interface ReadIndexResponse extends MessageHeader {
  readonly type: 'read-index-response';
  readonly requestId: number;
  readonly accepted: boolean;
  /** When accepted: reads may be served once the follower has applied this index. */
  readonly readIndex: number;
  readonly leaderHint: string | undefined;
}

/**
 * Leader → follower: one chunk of a snapshot (paper §7). Snapshot transfers are streamed by the
 * driver, not the engine: the engine decides *that* a follower needs a snapshot, the driver sends
 * the chunks with back-pressure (one window of chunks awaiting acknowledgement) and hands the
 * complete, verified snapshot to the follower's engine.
 */
export interface InstallSnapshotRequest extends MessageHeader {
  readonly type: 'install-snapshot';
  /** Chosen by the sender; chunks of an abandoned transfer are never mixed with a new one. */
  readonly transferId: number;
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
  readonly membership: Membership;
  /** The payload's total size, in bytes. */
  readonly totalBytes: number;
  /** Where `data` starts in the payload, in bytes. */
  readonly offset: number;
  readonly data: Uint8Array;
  /** Set on the last chunk. */
  readonly done: boolean;
  /** On the last chunk: the SHA-256 of the whole payload, hex; verified before anything is installed. */
  readonly checksum: string;
}

/** Follower → leader: the progress of a snapshot transfer. */
export interface InstallSnapshotResponse extends MessageHeader {
  readonly type: 'install-snapshot-response';
  readonly transferId: number;
  /** False when the follower refused the transfer (a gap, a bad checksum, a storage failure): restart it. */
  readonly accepted: boolean;
  /** The offset the follower expects next: every byte before it is received. */
  readonly nextOffset: number;
}

/** Every message the engine exchanges with its peers: a discriminated union on `type`. */
export type Message =
  | AppendEntriesRequest
  | AppendEntriesResponse
  | RequestVoteRequest
  | RequestVoteResponse
  | HeartbeatRequest
  | HeartbeatResponse
  | TimeoutNowRequest
  | ForwardProposalRequest
  | ForwardProposalResponse
  | ForwardMembershipRequest
  | ForwardMembershipResponse
  | ReadIndexRequest
  | ReadIndexResponse
  | InstallSnapshotRequest
  | InstallSnapshotResponse;

/** The `type` tag of a {@link Message}. */
export type MessageType = Message['type'];
