/**
 * Field numbers of `proto/raft/wire/v1/raft.proto`. The codec and the schema must agree: the
 * compatibility test encodes with these and decodes by the .proto's rules.
 */

import type { ForwardedMembershipOperation, ForwardedMembershipOutcome } from '@raft/core';

/** The protocol version this codec writes. */
export const WIRE_PROTOCOL_VERSION = 1;
/** The protocol versions this codec reads. */
export const SUPPORTED_WIRE_VERSIONS: readonly number[] = [1];
/** The most bytes a node id (UTF-8) may take: @raft/core's limit, which config and join enforce. */
export { MAX_NODE_ID_BYTES } from '@raft/core';

export const EnvelopeField = { version: 1, clusterId: 2, senderId: 3, messages: 4 } as const;

export const RaftMessageField = { to: 1, term: 2 } as const;

/** `RaftMessage.body` cases, by field number. */
export const BodyField = {
  'append-entries': 3,
  'append-entries-response': 4,
  'request-vote': 5,
  'request-vote-response': 6,
  heartbeat: 7,
  'heartbeat-response': 8,
  'timeout-now': 9,
  'forward-proposal': 10,
  'forward-proposal-response': 11,
  'read-index': 12,
  'read-index-response': 13,
  'install-snapshot': 14,
  'install-snapshot-response': 15,
  'forward-membership': 16,
  'forward-membership-response': 17,
} as const;

/** The lowest and highest `RaftMessage.body` field numbers this version knows. */
export const FIRST_BODY_FIELD = BodyField['append-entries'];
export const LAST_BODY_FIELD = BodyField['forward-membership-response'];

/** The most bytes a member address (UTF-8) may take, in a snapshot's membership or a forwarded join: @raft/core's limit. */
export { MAX_ADDRESS_BYTES } from '@raft/core';
/**
 * The most bytes (UTF-8) of a forwarded membership operation's `reason`. The encoder cuts a longer
 * reason at a character boundary: it is a diagnostic, and refusing it would drop the whole batch.
 */
export const MAX_REASON_BYTES = 4096;

export const EntryField = { index: 1, term: 2, type: 3, data: 4 } as const;

/** `EntryType` enum values. */
export const EntryTypeValue = { normal: 1, config: 2, noop: 3 } as const;

export const AppendEntriesField = { prevLogIndex: 1, prevLogTerm: 2, entries: 3, leaderCommit: 4 } as const;
export const AppendEntriesResponseField = {
  success: 1,
  matchIndex: 2,
  rejectedIndex: 3,
  hintIndex: 4,
  hintTerm: 5,
} as const;
export const RequestVoteField = { preVote: 1, lastLogIndex: 2, lastLogTerm: 3, transfer: 4 } as const;
export const RequestVoteResponseField = { preVote: 1, granted: 2, campaignAgain: 3 } as const;
export const HeartbeatField = { commitIndex: 1, readRound: 2 } as const;
export const HeartbeatResponseField = { readRound: 1 } as const;
export const ForwardProposalField = { requestId: 1, proposals: 2 } as const;
export const ForwardProposalResponseField = {
  requestId: 1,
  accepted: 2,
  firstIndex: 3,
  leaderHint: 4,
} as const;
export const ReadIndexField = { requestId: 1 } as const;
export const ReadIndexResponseField = { requestId: 1, accepted: 2, readIndex: 3, leaderHint: 4 } as const;
export const MemberField = { id: 1, address: 2, voter: 3 } as const;
export const MembershipField = { members: 1, outgoingVoters: 2, joint: 3 } as const;
export const InstallSnapshotField = {
  transferId: 1,
  lastIncludedIndex: 2,
  lastIncludedTerm: 3,
  membership: 4,
  totalBytes: 5,
  offset: 6,
  data: 7,
  done: 8,
  checksum: 9,
} as const;
export const InstallSnapshotResponseField = { transferId: 1, accepted: 2, nextOffset: 3 } as const;
export const ForwardMembershipField = { requestId: 1, operation: 2 } as const;
export const MembershipOperationField = { kind: 1, nodeId: 2, address: 3, voter: 4 } as const;
/** `MembershipOperationKind` enum values. */
export const MembershipOperationKindValue = { join: 1, leave: 2 } as const satisfies Record<
  ForwardedMembershipOperation['kind'],
  number
>;
export const ForwardMembershipResponseField = {
  requestId: 1,
  outcome: 2,
  appliedIndex: 3,
  leaderHint: 4,
  reason: 5,
} as const;
/** `MembershipOutcome` enum values. */
export const MembershipOutcomeValue = {
  done: 1,
  'not-leader': 2,
  refused: 3,
  unknown: 4,
} as const satisfies Record<ForwardedMembershipOutcome, number>;
