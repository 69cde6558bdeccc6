import type { EngineState } from './engine-state.js';
import { jointQuorumValue } from './quorum.js';
import type { PendingRead } from './read-index.js';

/**
 * Lease reads assume clocks drift apart by less than this fraction of an election timeout: the
 * lease ends this much earlier than the followers' promise not to elect anyone else.
 */
const LEASE_DRIFT_MARGIN = 0.1;

/** Registers a ReadIndex request on the leader (from itself or forwarded by `from`). */
export function requestReadAsLeader(state: EngineState, requestId: number, from: string): void {
  const read: PendingRead = { requestId, from, readIndex: state.log.commitIndex, round: 0 };
  // Until an entry of its own term commits, a new leader does not know the true commit index.
  if (state.log.term(state.log.commitIndex) !== state.term) {
    state.leaderReads.park(read);
    return;
  }
  registerRead(state, read);
}

/** Registers the reads that waited for this leader's first own-term commit. */
export function releaseParkedReads(state: EngineState): void {
  for (const read of state.leaderReads.unpark()) registerRead(state, read);
}

function registerRead(state: EngineState, read: PendingRead): void {
  read.readIndex = state.log.commitIndex;
  const lonelyVoter = state.allVoters.length === 1 && state.allVoters[0] === state.id;
  if (lonelyVoter || (state.options.leaseReads && leaseIsValid(state))) {
    deliverRead(state, read);
    return;
  }
  state.leaderReads.add(read);
}

/** Delivers every read whose round a majority of voters acknowledged. */
export function confirmReads(state: EngineState): void {
  const quorumRound = jointQuorumValue(state.voterSets, (voter) =>
    voter === state.id ? state.leaderReads.currentRound : (state.progress.get(voter)?.ackedReadRound ?? 0),
  );
  for (const read of state.leaderReads.confirmThrough(quorumRound)) deliverRead(state, read);
}

function deliverRead(state: EngineState, read: PendingRead): void {
  if (read.from === state.id) {
    state.readResults.push({ requestId: read.requestId, status: 'ready', readIndex: read.readIndex });
    return;
  }
  state.send({
    type: 'read-index-response',
    from: state.id,
    to: read.from,
    term: state.term,
    requestId: read.requestId,
    accepted: true,
    readIndex: read.readIndex,
    leaderHint: state.id,
  });
}

/**
 * Whether the leader holds a lease: a majority acknowledged a heartbeat sent recently enough that
 * none of them will vote for another candidate yet (they refuse votes for an election timeout
 * after hearing from a leader, see `handleRequestVote`).
 */
export function leaseIsValid(state: EngineState): boolean {
  if (!state.options.checkQuorum) return false;
  const quorumSentTick = jointQuorumValue(state.voterSets, (voter) => {
    if (voter === state.id) return state.ticks;
    const round = state.progress.get(voter)?.ackedReadRound ?? 0;
    return state.leaderReads.sentAt(round) ?? Number.NEGATIVE_INFINITY;
  });
  const leaseTicks = state.options.electionTicks * (1 - LEASE_DRIFT_MARGIN);
  return state.ticks - quorumSentTick < leaseTicks;
}
