import {
  applyMembershipChanges,
  encodeMembership,
  findMember,
  isJoint,
  type Membership,
  type MembershipChange,
  voterIds,
} from '../types/membership.js';
import type { EngineState } from './engine-state.js';
import { appendAsLeader } from './leader-replication.js';
import type { MembershipChangeOutcome } from './outcomes.js';

/**
 * Proposes membership changes. A change of at most one voter goes straight to the new
 * configuration (single-server change, thesis §4.1); anything larger goes through a joint
 * configuration C_old,new that needs majorities of both, which the leader leaves automatically once
 * it commits (thesis §4.3).
 *
 * One change at a time: refused until the previous one (including leaving a joint configuration)
 * commits, and until the leader has committed an entry of its own term — the fix for the
 * single-server change bug Ongaro described on raft-dev in 2015.
 */
export function proposeMembershipChange(
  state: EngineState,
  changes: readonly MembershipChange[],
): MembershipChangeOutcome {
  if (state.role !== 'leader') return { status: 'not-leader', leaderHint: state.leaderId };
  if (changes.length === 0) return { status: 'refused', reason: 'no changes given' };
  if (state.pendingConfigIndex > state.log.commitIndex || isJoint(state.membership)) {
    return {
      status: 'refused',
      reason: 'a membership change (or the new leader’s first entry) is not committed yet',
    };
  }
  if (state.transferTarget !== undefined)
    return { status: 'refused', reason: 'a leadership transfer is in progress' };
  let next: Membership = state.membership;
  for (const change of changes) {
    const problem = validateChange(next, change);
    if (problem !== undefined) return { status: 'refused', reason: problem };
    next = applyMembershipChanges(next, [change]);
  }
  const oldVoters = voterIds(state.membership);
  const newVoters = voterIds(next);
  if (newVoters.length === 0) return { status: 'refused', reason: 'no voter would remain' };
  const changedVoters =
    newVoters.filter((id) => !oldVoters.includes(id)).length +
    oldVoters.filter((id) => !newVoters.includes(id)).length;
  const membership = changedVoters > 1 ? { members: next.members, outgoingVoters: oldVoters } : next;
  return { status: 'appended', ...appendConfig(state, membership) };
}

/**
 * Runs after the leader's commit index advanced: leaves a committed joint configuration, and
 * steps down once a configuration that removed this leader has committed.
 */
export function afterConfigCommitted(state: EngineState): void {
  if (state.role !== 'leader' || state.log.commitIndex < state.pendingConfigIndex) return;
  if (isJoint(state.membership)) {
    appendConfig(state, { members: state.membership.members });
    return;
  }
  if (!state.isVoter(state.id)) stepDownAfterRemoval(state);
}

/**
 * A removed leader hands over at once rather than leaving the cluster to wait out an election
 * timeout: it tells the most up-to-date voter to campaign, then steps down.
 */
function stepDownAfterRemoval(state: EngineState): void {
  let successor: string | undefined;
  let bestMatch = -1;
  for (const voter of state.allVoters) {
    const matchIndex = state.progress.get(voter)?.matchIndex ?? -1;
    if (matchIndex > bestMatch) {
      bestMatch = matchIndex;
      successor = voter;
    }
  }
  if (successor !== undefined)
    state.send({ type: 'timeout-now', from: state.id, to: successor, term: state.term });
  state.becomeFollower(state.term, undefined);
}

function appendConfig(state: EngineState, membership: Membership): { index: number; term: number } {
  const index = state.log.lastIndex() + 1;
  state.pendingConfigIndex = index;
  appendAsLeader(state, [{ index, term: state.term, type: 'config', data: encodeMembership(membership) }]);
  return { index, term: state.term };
}

function validateChange(membership: Membership, change: MembershipChange): string | undefined {
  const existing = findMember(membership, change.id);
  switch (change.type) {
    case 'add-learner':
      if (existing?.voter === true) return `${change.id} is already a voter`;
      if (existing !== undefined && existing.address === change.address)
        return `${change.id} is already a learner`;
      return undefined;
    case 'add-voter':
      if (existing?.voter === true && existing.address === change.address)
        return `${change.id} is already a voter`;
      return undefined;
    case 'remove':
      if (existing === undefined) return `${change.id} is not a member`;
      return undefined;
  }
}
