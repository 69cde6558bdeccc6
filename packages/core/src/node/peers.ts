import type { Membership } from '../types/membership.js';

/** The transport's peer table for a membership: every member but this node, id → address. */
export function peersOf(membership: Membership, selfId: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const member of membership.members) {
    if (member.id !== selfId) peers.set(member.id, member.address);
  }
  return peers;
}

/**
 * The peer table a node starts with. A node that holds no configuration yet (it waits to be
 * joined) starts with the `initialMembers` it was given, if any: the existing members it will hear
 * from first. Without them a network transport would refuse the leader's appends as coming from an
 * unknown node, and would not know where to send the answers, so the join could never complete.
 */
export function initialPeers(
  membership: Membership,
  initialMembers: readonly { readonly id: string; readonly address: string }[],
  selfId: string,
): Map<string, string> {
  if (membership.members.length > 0) return peersOf(membership, selfId);
  return peersOf({ members: initialMembers.map((member) => ({ ...member, voter: true })) }, selfId);
}
