import {
  applyMembershipChange,
  encodeMembership,
  findMember,
  type MembershipChange,
} from '../types/membership.js';
import type { EngineState } from './engine-state.js';
import { appendAsLeader } from './leader-replication.js';
import type { MembershipChangeOutcome } from './outcomes.js';

/**
 * Proposes a single-server membership change (thesis §4.1). One change at a time: a new one is
 * refused until the previous one commits, and until the leader has committed an entry of its own
 * term — the fix for the single-server change bug Ongaro described on raft-dev in 2015.
 */
export function proposeMembershipChange(
  state: EngineState,
  change: MembershipChange,
): MembershipChangeOutcome {
  if (state.role !== 'leader') return { status: 'not-leader', leaderHint: state.leaderId };
  if (state.pendingConfigIndex > state.log.commitIndex) {
    return {
      status: 'refused',
      reason: 'a membership change (or the new leader’s first entry) is not committed yet',
    };
  }
  if (state.transferTarget !== undefined)
    return { status: 'refused', reason: 'a leadership transfer is in progress' };
  const problem = validateChange(state, change);
  if (problem !== undefined) return { status: 'refused', reason: problem };
  const index = state.log.lastIndex() + 1;
  const data = encodeMembership(applyMembershipChange(state.membership, change));
  state.pendingConfigIndex = index;
  appendAsLeader(state, [{ index, term: state.term, type: 'config', data }]);
  return { status: 'appended', index, term: state.term };
}

function validateChange(state: EngineState, change: MembershipChange): string | undefined {
  const existing = findMember(state.membership, change.id);
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
      if (change.id === state.id) return 'the leader cannot remove itself; transfer leadership first';
      if (existing.voter && state.voters.length === 1) return 'cannot remove the last voter';
      return undefined;
  }
}
