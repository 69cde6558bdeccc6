import type { Membership } from '../types/membership.js';

/** The transport's peer table for a membership: every member but this node, id → address. */
export function peersOf(membership: Membership, selfId: string): Map<string, string> {
  const peers = new Map<string, string>();
  for (const member of membership.members) {
    if (member.id !== selfId) peers.set(member.id, member.address);
  }
  return peers;
}
