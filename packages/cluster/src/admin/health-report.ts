import type { Membership, RaftNode } from '@raft/core';
import type { HealthMonitor } from '../health/health-monitor.js';

/** A membership as the admin API shows it. */
export interface MembershipJson {
  readonly members: readonly { readonly id: string; readonly address: string; readonly voter: boolean }[];
  /** The old voters while a joint change (several voters at once) is in progress. */
  readonly outgoingVoters?: readonly string[];
}

/** `membership` as plain JSON. */
export function membershipJson(membership: Membership): MembershipJson {
  const members = membership.members.map(({ id, address, voter }) => ({ id, address, voter }));
  return membership.outgoingVoters === undefined
    ? { members }
    : { members, outgoingVoters: [...membership.outgoingVoters] };
}

/**
 * The answer to `GET /health`: 200 when the node runs and knows a leader, 503 otherwise, so a load
 * balancer or an orchestrator can act on the status alone. The body describes the node (and, on the
 * leader, each peer's replication as of a fresh check of the monitor).
 */
export function healthReport(node: RaftNode, monitor: HealthMonitor): { status: number; body: unknown } {
  monitor.check();
  const status = node.status();
  const healthy = status.state !== 'stopped' && status.leaderId !== undefined;
  return {
    status: healthy ? 200 : 503,
    body: {
      healthy,
      nodeId: status.id,
      state: status.state,
      term: status.term,
      leaderId: status.leaderId ?? null,
      commitIndex: status.commitIndex,
      appliedIndex: status.appliedIndex,
      lastIndex: status.lastIndex,
      snapshotIndex: status.snapshotIndex,
      membership: membershipJson(status.membership),
      ...(status.progress === undefined ? {} : { peers: monitor.peers() }),
    },
  };
}
