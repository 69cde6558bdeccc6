import type { RequestVoteRequest, RequestVoteResponse } from '../types/message.js';
import type { EngineState } from './engine-state.js';
import { appendAsLeader } from './leader-replication.js';
import { tallyJointVotes } from './quorum.js';

const EMPTY = new Uint8Array(0);

/** Advances election time on a non-leader; campaigns when the randomized timeout runs out. */
export function tickElection(state: EngineState): void {
  state.electionElapsed += 1;
  if (state.electionElapsed >= state.randomizedElectionTimeout && state.isVoter(state.id)) {
    campaign(state, false);
  }
}

/**
 * Starts an election. With pre-vote on, first asks whether a majority would vote, without touching
 * the term (thesis §9.6); a leadership transfer skips that step, since the leader asked for it.
 */
export function campaign(state: EngineState, transfer: boolean): void {
  startElection(state, state.options.preVote && !transfer, transfer);
}

function startElection(state: EngineState, preVote: boolean, transfer: boolean): void {
  if (!state.isVoter(state.id)) return;
  if (preVote) state.becomePreCandidate();
  else state.becomeCandidate();
  const term = preVote ? state.term + 1 : state.term;
  state.votes.set(state.id, true);
  for (const voter of state.allVoters) {
    if (voter === state.id) continue;
    state.send({
      type: 'request-vote',
      from: state.id,
      to: voter,
      term,
      preVote,
      lastLogIndex: state.log.lastIndex(),
      lastLogTerm: state.log.lastTerm(),
      transfer,
    });
  }
  settleElection(state);
}

/** Answers a (pre-)vote request (paper §5.2, §5.4.1; thesis §4.2.3, §9.6). */
export function handleRequestVote(state: EngineState, message: RequestVoteRequest): void {
  if (message.term > state.term) {
    // Leader stickiness: while a leader was heard from within the election timeout, ignore
    // candidates outright, so a partitioned or removed node cannot depose a healthy leader.
    const heardFromLeader =
      state.options.checkQuorum &&
      state.leaderId !== undefined &&
      state.electionElapsed < state.options.electionTicks;
    if (heardFromLeader && !message.transfer) return;
    // A newer term alone does not restart the election timer: granting the vote below does.
    if (!message.preVote) state.becomeFollower(message.term, undefined, false);
  } else if (message.term < state.term) {
    respondToVote(state, message, false, invitesNewCampaign(state, message));
    return;
  }
  // A node that holds no configuration at all was never part of the cluster as far as its disk
  // knows (new, or wiped): it cannot know what it voted before, so it must not vote.
  const mayVote =
    state.membership.members.length > 0 &&
    (state.votedFor === message.from ||
      (state.votedFor === undefined && state.leaderId === undefined) ||
      (message.preVote && message.term > state.term));
  const granted = mayVote && state.log.isUpToDate(message.lastLogIndex, message.lastLogTerm);
  if (granted && !message.preVote) {
    state.votedFor = message.from;
    state.resetElectionTimeout();
  }
  respondToVote(state, message, granted, !granted && invitesNewCampaign(state, message));
}

/**
 * Whether to tell a refused candidate it may campaign again at once, in our term + 1: only its term
 * stood in the way. We follow no leader and voted for nobody but ourselves, so a newer term costs
 * no one a leadership or a vote; and its log is strictly newer than ours, so we would vote for it
 * and it would never invite us back (no ping-pong between equal logs). Without this, a candidate
 * that learns the term only from refusals keeps arriving one term late while we keep campaigning
 * (seed 121 of the `all` soak with pre-vote off: 27 election timeouts to elect a leader).
 */
function invitesNewCampaign(state: EngineState, request: RequestVoteRequest): boolean {
  return (
    !request.preVote &&
    state.leaderId === undefined &&
    (state.votedFor === undefined || state.votedFor === state.id) &&
    state.membership.members.length > 0 &&
    state.log.isNewerThanOurs(request.lastLogIndex, request.lastLogTerm)
  );
}

function respondToVote(
  state: EngineState,
  request: RequestVoteRequest,
  granted: boolean,
  campaignAgain: boolean,
): void {
  state.send({
    type: 'request-vote-response',
    from: state.id,
    to: request.from,
    // A granted pre-vote answers in the requested term; everything else carries ours, so a
    // candidate behind the times learns the newer term.
    term: request.preVote && granted ? request.term : state.term,
    preVote: request.preVote,
    granted,
    campaignAgain,
  });
}

/**
 * Called for a vote refusal from a newer term, after stepping down to that term: campaigns again
 * at once if the voter invited it (see `invitesNewCampaign`) and its vote counts for us.
 */
export function acceptCampaignInvitation(
  state: EngineState,
  message: RequestVoteResponse,
  wasCandidate: boolean,
): void {
  if (wasCandidate && invitesUs(state, message)) startElection(state, false, false);
}

/** Counts a (pre-)vote answer. Responses from newer terms were handled before this is called. */
export function handleRequestVoteResponse(state: EngineState, message: RequestVoteResponse): void {
  if (message.preVote) {
    if (state.role !== 'pre-candidate' || message.term !== state.term + 1) return;
  } else if (state.role !== 'candidate' || message.term !== state.term) {
    return;
  }
  state.votes.set(message.from, message.granted);
  if (invitesUs(state, message)) state.campaignInvited = true;
  settleElection(state);
}

function invitesUs(state: EngineState, message: RequestVoteResponse): boolean {
  return (
    !message.preVote && !message.granted && message.campaignAgain && state.allVoters.includes(message.from)
  );
}

function settleElection(state: EngineState): void {
  const tally = tallyJointVotes(state.voterSets, state.votes);
  if (tally === 'pending') return;
  if (tally === 'lost') {
    // Lost, but a voter whose vote only our term kept from us asked us to go again: do so now.
    if (state.role === 'candidate' && state.campaignInvited) startElection(state, false, false);
    else state.becomeFollower(state.term, undefined);
    return;
  }
  if (state.role === 'pre-candidate') {
    startElection(state, false, false);
    return;
  }
  state.becomeLeader();
  // An entry of the new term, so that earlier entries can commit (§5.4.2) and reads can be served.
  appendAsLeader(state, [{ index: state.log.lastIndex() + 1, term: state.term, type: 'noop', data: EMPTY }]);
}
