import type { MembershipChangeOutcome } from '../engine/outcomes.js';
import type { EngineStatus } from '../engine/status.js';
import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { findMember, type MembershipChange } from '../types/membership.js';

/** What the membership operations need from the node. */
export interface MembershipHost {
  /** The running engine's status. Throws `NodeStoppedError` when the node is not running. */
  engineStatus(): EngineStatus;
  /** Hands a change to the engine (and wakes the loop). Throws `NodeStoppedError` when not running. */
  proposeMembershipChange(change: MembershipChange): MembershipChangeOutcome;
  /** Resolves with the entry's result once the entry at `index` is applied, if it still has `term`. */
  awaitApplied(index: number, term: number): Promise<unknown>;
  /** Resolves once `check()` holds; re-checked after every Ready and tick. */
  waitUntil(check: () => boolean): Promise<void>;
  /**
   * How far behind the leader's last index (in entries) a learner may be when it is promoted:
   * close enough that it catches up within about one append message, so the new voter does not
   * stall commits while it catches up (thesis §4.2.1).
   */
  readonly catchUpThresholdEntries: number;
}

/**
 * Adds `nodeId` to the cluster (thesis §4.2.1): first as a learner, which receives the log without
 * voting; then, when `voter`, as a voter once it has caught up. Resolves when the last change is
 * applied on this node. Leader only.
 *
 * Idempotent, so a caller can retry after an `OutcomeUnknownError`: a member that already has the
 * requested role and address is left alone, and a learner asked to become a voter skips straight
 * to catching up.
 */
export async function joinCluster(
  host: MembershipHost,
  nodeId: string,
  address: string,
  voter: boolean,
): Promise<void> {
  const status = requireLeader(host);
  const existing = findMember(status.membership, nodeId);
  const isLearnerAlready = existing !== undefined && existing.address === address && !existing.voter;
  if (existing !== undefined && existing.address === address && existing.voter === voter) return;
  if (!isLearnerAlready) await changeMembership(host, { type: 'add-learner', id: nodeId, address });
  if (!voter) return;
  // The entry that made it a learner is committed by now, so at or below this index.
  const learnerSince = host.engineStatus().commitIndex;
  await host.waitUntil(() => learnerCaughtUp(host, nodeId, learnerSince));
  await changeMembership(host, { type: 'add-voter', id: nodeId, address });
}

/** Removes `nodeId` from the cluster; resolves when the change is applied on this node. Leader only. Idempotent. */
export async function leaveCluster(host: MembershipHost, nodeId: string): Promise<void> {
  const status = requireLeader(host);
  if (findMember(status.membership, nodeId) === undefined) return;
  await changeMembership(host, { type: 'remove', id: nodeId });
}

/** Proposes one change and waits until its entry is applied. */
async function changeMembership(host: MembershipHost, change: MembershipChange): Promise<void> {
  const outcome = host.proposeMembershipChange(change);
  switch (outcome.status) {
    case 'not-leader':
      throw new NotLeaderError(outcome.leaderHint);
    case 'refused':
      throw new MembershipChangeError(outcome.reason);
    case 'appended':
      await host.awaitApplied(outcome.index, outcome.term);
      return;
  }
}

/**
 * Whether the learner holds the configuration that added it (`learnerSince`) and its log is within
 * the threshold of the leader's; throws if that can no longer happen.
 *
 * The first condition matters even with a generous threshold: a voter that has never received its
 * configuration has no configuration at all, and such a node never votes (it cannot know what it
 * voted before), so promoting it too early can leave a cluster that needs its vote unable to elect
 * anyone (found by the soak: seed 110 of `--faults all`, a partitioned learner promoted at once).
 */
function learnerCaughtUp(host: MembershipHost, nodeId: string, learnerSince: number): boolean {
  const status = host.engineStatus();
  if (status.role !== 'leader') {
    // Not NotLeaderError: the learner was added already, so something did happen.
    throw new OutcomeUnknownError(
      `leadership was lost while ${nodeId} caught up as a learner; join again to make it a voter`,
    );
  }
  if (findMember(status.membership, nodeId) === undefined) {
    throw new MembershipChangeError(`${nodeId} was removed while it was catching up`);
  }
  const progress = status.progress?.get(nodeId);
  if (progress === undefined || progress.matchIndex < learnerSince) return false;
  return progress.matchIndex + host.catchUpThresholdEntries >= status.lastIndex;
}

function requireLeader(host: MembershipHost): EngineStatus {
  const status = host.engineStatus();
  if (status.role !== 'leader') throw new NotLeaderError(status.leaderId);
  return status;
}
