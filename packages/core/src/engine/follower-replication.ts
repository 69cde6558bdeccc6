import type { Entry } from '../types/entry.js';
import { decodeMembership } from '../types/membership.js';
import type { AppendEntriesRequest, HeartbeatRequest } from '../types/message.js';
import type { EngineState } from './engine-state.js';

/** Follows the sender as leader of the current term, resetting the election timer. */
export function acceptLeader(state: EngineState, leaderId: string): void {
  if (state.role !== 'follower' && state.role !== 'learner') state.becomeFollower(state.term, leaderId);
  state.setLeader(leaderId);
  state.electionElapsed = 0;
}

/** Handles an append from the leader of the current term (paper §5.3, Figure 2). */
export function handleAppendEntries(state: EngineState, message: AppendEntriesRequest): void {
  if (!isWellFormed(message)) {
    state.droppedMessages += 1;
    return;
  }
  acceptLeader(state, message.from);
  const { log } = state;
  if (message.prevLogIndex < log.commitIndex) {
    // A late or duplicated append. Everything up to our commit index matches the leader's log
    // already (Leader Completeness), so keep only what lies beyond it.
    const beyondCommit = message.entries.filter((entry) => entry.index > log.commitIndex);
    if (beyondCommit.length === 0) {
      respond(state, message, true, log.commitIndex, 0, 0);
      return;
    }
    message = {
      ...message,
      prevLogIndex: log.commitIndex,
      prevLogTerm: log.term(log.commitIndex)!,
      entries: beyondCommit,
    };
  }
  if (!log.matchTerm(message.prevLogIndex, message.prevLogTerm)) {
    const hintIndex = log.findConflictByTerm(
      Math.min(message.prevLogIndex, log.lastIndex()),
      message.prevLogTerm,
    );
    respond(state, message, false, 0, hintIndex, log.term(hintIndex) ?? 0);
    return;
  }
  const conflict = log.findConflict(message.entries);
  if (conflict !== 0) {
    if (conflict <= log.commitIndex) {
      // Overwriting a committed entry would break State Machine Safety: a broken leader or a
      // corrupted message. Refuse it.
      state.droppedMessages += 1;
      return;
    }
    const suffix = message.entries.slice(conflict - message.entries[0]!.index);
    if (conflict <= log.lastIndex()) state.noteTruncated(conflict);
    log.truncateAndAppend(suffix);
    state.noteAppended(suffix);
  }
  const lastNewIndex = message.prevLogIndex + message.entries.length;
  commitTo(state, Math.min(message.leaderCommit, lastNewIndex));
  respond(state, message, true, lastNewIndex, 0, 0);
}

/** Handles a heartbeat from the leader of the current term. */
export function handleHeartbeat(state: EngineState, message: HeartbeatRequest): void {
  acceptLeader(state, message.from);
  // The leader sends at most what it knows we hold; still never commit past our own log.
  commitTo(state, Math.min(message.commitIndex, state.log.lastIndex()));
  state.send({
    type: 'heartbeat-response',
    from: state.id,
    to: message.from,
    term: state.term,
    readRound: message.readRound,
  });
}

function commitTo(state: EngineState, index: number): void {
  if (index > state.log.commitIndex) state.log.commitIndex = index;
}

function respond(
  state: EngineState,
  request: AppendEntriesRequest,
  success: boolean,
  matchIndex: number,
  hintIndex: number,
  hintTerm: number,
): void {
  state.send({
    type: 'append-entries-response',
    from: state.id,
    to: request.from,
    term: state.term,
    success,
    matchIndex,
    rejectedIndex: success ? 0 : request.prevLogIndex,
    hintIndex,
    hintTerm,
  });
}

/**
 * Whether an append is internally consistent: consecutive entries right after `prevLogIndex`,
 * terms that never decrease and never exceed the leader's, and decodable config entries. Anything
 * else is a bug or corruption on the sender's side and must not reach the log.
 */
function isWellFormed(message: AppendEntriesRequest): boolean {
  let previousTerm = message.prevLogTerm;
  let expectedIndex = message.prevLogIndex + 1;
  for (const entry of message.entries) {
    if (entry.index !== expectedIndex || entry.term < previousTerm || entry.term > message.term) return false;
    if (entry.type === 'config' && !isDecodableMembership(entry)) return false;
    previousTerm = entry.term;
    expectedIndex++;
  }
  return message.prevLogIndex >= 0 && message.leaderCommit >= 0;
}

function isDecodableMembership(entry: Entry): boolean {
  try {
    decodeMembership(entry.data);
    return true;
  } catch {
    return false;
  }
}
