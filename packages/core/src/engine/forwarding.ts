import type { Entry } from '../types/entry.js';
import type {
  ForwardProposalRequest,
  ForwardProposalResponse,
  ReadIndexRequest,
  ReadIndexResponse,
} from '../types/message.js';
import type { EngineState } from './engine-state.js';
import { requestReadAsLeader } from './leader-reads.js';
import { appendAsLeader } from './leader-replication.js';
import type { ProposeOutcome } from './outcomes.js';

/**
 * Client requests made on a follower travel to the leader and back. These messages carry the
 * sender's term for information only: a client request is not a Raft vote or append, so it never
 * changes anyone's term.
 */

/** Appends proposals on the leader; returns where they went, or why they were refused. */
export function proposeAsLeader(state: EngineState, proposals: readonly Uint8Array[]): ProposeOutcome {
  if (state.transferTarget !== undefined) {
    // Hold new entries back so the transfer target can catch up (thesis §3.10).
    return { status: 'rejected', leaderHint: state.transferTarget };
  }
  const firstIndex = state.log.lastIndex() + 1;
  const entries: Entry[] = new Array(proposals.length);
  for (let i = 0; i < proposals.length; i++) {
    entries[i] = { index: firstIndex + i, term: state.term, type: 'normal', data: proposals[i]! };
  }
  appendAsLeader(state, entries);
  return { status: 'appended', firstIndex, term: state.term };
}

/** Sends proposals made on a follower to the leader it knows. */
export function forwardProposals(state: EngineState, proposals: readonly Uint8Array[]): ProposeOutcome {
  const leaderId = state.leaderId;
  if (leaderId === undefined || leaderId === state.id) return { status: 'rejected', leaderHint: undefined };
  const requestId = state.nextForwardId++;
  state.forwardedProposals.add(requestId, leaderId, state.ticks);
  state.send({
    type: 'forward-proposal',
    from: state.id,
    to: leaderId,
    term: state.term,
    requestId,
    proposals,
  });
  return { status: 'forwarded', requestId };
}

/** Leader side: appends proposals a follower forwarded and tells it where. */
export function handleForwardProposal(state: EngineState, message: ForwardProposalRequest): void {
  const outcome =
    state.role === 'leader' && message.proposals.length > 0
      ? proposeAsLeader(state, message.proposals)
      : ({ status: 'rejected', leaderHint: state.leaderId } as const);
  state.send({
    type: 'forward-proposal-response',
    from: state.id,
    to: message.from,
    term: state.term,
    requestId: message.requestId,
    accepted: outcome.status === 'appended',
    firstIndex: outcome.status === 'appended' ? outcome.firstIndex : 0,
    leaderHint: outcome.status === 'rejected' ? outcome.leaderHint : state.id,
  });
}

/** Follower side: reports where the leader appended forwarded proposals. */
export function handleForwardProposalResponse(state: EngineState, message: ForwardProposalResponse): void {
  if (!state.forwardedProposals.settle(message.requestId, message.from)) return;
  state.forwardedProposalResults.push(
    message.accepted
      ? {
          requestId: message.requestId,
          status: 'appended',
          firstIndex: message.firstIndex,
          term: message.term,
        }
      : { requestId: message.requestId, status: 'rejected', leaderHint: message.leaderHint },
  );
}

/** Sends a ReadIndex request made on a follower to the leader, or fails it if none is known. */
export function forwardRead(state: EngineState, requestId: number): void {
  const leaderId = state.leaderId;
  if (leaderId === undefined || leaderId === state.id) {
    state.readResults.push({ requestId, status: 'failed', leaderHint: undefined });
    return;
  }
  state.forwardedReads.add(requestId, leaderId, state.ticks);
  state.send({ type: 'read-index', from: state.id, to: leaderId, term: state.term, requestId });
}

/** Leader side: confirms leadership for a follower's read. */
export function handleReadIndex(state: EngineState, message: ReadIndexRequest): void {
  if (state.role === 'leader') {
    requestReadAsLeader(state, message.requestId, message.from);
    return;
  }
  state.send({
    type: 'read-index-response',
    from: state.id,
    to: message.from,
    term: state.term,
    requestId: message.requestId,
    accepted: false,
    readIndex: 0,
    leaderHint: state.leaderId,
  });
}

/** Follower side: hands the leader's answer to the waiting read. */
export function handleReadIndexResponse(state: EngineState, message: ReadIndexResponse): void {
  if (!state.forwardedReads.settle(message.requestId, message.from)) return;
  state.readResults.push(
    message.accepted
      ? { requestId: message.requestId, status: 'ready', readIndex: message.readIndex }
      : { requestId: message.requestId, status: 'failed', leaderHint: message.leaderHint },
  );
}
