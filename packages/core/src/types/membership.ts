/** The longest node id, in UTF-8 bytes: every network transport must be able to carry it. */
export const MAX_NODE_ID_BYTES = 255;
/** The longest member address, in UTF-8 bytes (carried in config entries and snapshots). */
export const MAX_ADDRESS_BYTES = 1024;

/**
 * What is wrong with a member's id or address, if anything: empty, or longer than the limits
 * above. Checked before anything reaches the log, since a configuration no transport can carry
 * would stop replication for good.
 */
export function memberIdentityProblem(id: string, address?: string): string | undefined {
  if (typeof id !== 'string' || id.length === 0) return 'a node id must be a non-empty string';
  if (utf8Bytes(id) > MAX_NODE_ID_BYTES) return `node id is longer than ${MAX_NODE_ID_BYTES} bytes`;
  if (address === undefined) return undefined;
  if (typeof address !== 'string' || address.length === 0) return 'an address must be a non-empty string';
  if (utf8Bytes(address) > MAX_ADDRESS_BYTES) return `address is longer than ${MAX_ADDRESS_BYTES} bytes`;
  return undefined;
}

function utf8Bytes(text: string): number {
  return new TextEncoder().encode(text).byteLength;
}

/** One member of a cluster configuration. */
export interface Member {
  readonly id: string;
  /** Where the transport reaches this member (opaque to the engine). */
  readonly address: string;
  /** Voters count towards quorums; learners (`voter: false`) only receive the log. */
  readonly voter: boolean;
}

/**
 * A cluster configuration: who the members are and which of them vote.
 *
 * During a joint change (C_old,new, thesis §4.3) `outgoingVoters` lists the voters of the old
 * configuration: elections and commits then need a majority of the old voters *and* a majority of
 * the new ones. It is absent otherwise.
 */
export interface Membership {
  readonly members: readonly Member[];
  readonly outgoingVoters?: readonly string[];
}

/** A requested change to the membership, proposed through the log. */
export type MembershipChange =
  | { readonly type: 'add-learner'; readonly id: string; readonly address: string }
  | { readonly type: 'add-voter'; readonly id: string; readonly address: string }
  | { readonly type: 'remove'; readonly id: string };

/** The ids of the voting members. */
export function voterIds(membership: Membership): string[] {
  return membership.members.filter((member) => member.voter).map((member) => member.id);
}

/** The member with this id, if any. */
export function findMember(membership: Membership, id: string): Member | undefined {
  return membership.members.find((member) => member.id === id);
}

/** Whether the configuration is joint (a multi-voter change is in progress). */
export function isJoint(membership: Membership): boolean {
  return membership.outgoingVoters !== undefined;
}

/** Applies changes to the member list, in order, returning the resulting members (not joint). */
export function applyMembershipChanges(
  membership: Membership,
  changes: readonly MembershipChange[],
): Membership {
  let members = membership.members;
  for (const change of changes) {
    const others = members.filter((member) => member.id !== change.id);
    switch (change.type) {
      case 'add-learner':
        members = [...others, { id: change.id, address: change.address, voter: false }];
        break;
      case 'add-voter':
        members = [...others, { id: change.id, address: change.address, voter: true }];
        break;
      case 'remove':
        members = others;
        break;
    }
  }
  return { members };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a configuration as the data of a `config` log entry: `{"m": [[id, address, voter]], "o"?: [ids]}`. */
export function encodeMembership(membership: Membership): Uint8Array {
  const members = membership.members.map((m) => [m.id, m.address, m.voter ? 1 : 0]);
  const encoded =
    membership.outgoingVoters === undefined ? { m: members } : { m: members, o: membership.outgoingVoters };
  return encoder.encode(JSON.stringify(encoded));
}

/** Decodes the data of a `config` log entry. Throws a `TypeError` on bytes that are not an encoded configuration. */
export function decodeMembership(data: Uint8Array): Membership {
  const raw: unknown = JSON.parse(decoder.decode(data));
  if (typeof raw !== 'object' || raw === null || !('m' in raw) || !Array.isArray(raw.m)) {
    throw new TypeError('membership: expected {"m": [...]}');
  }
  const outgoing: unknown = 'o' in raw ? raw.o : undefined;
  if (
    outgoing !== undefined &&
    (!Array.isArray(outgoing) || !outgoing.every((id) => typeof id === 'string'))
  ) {
    throw new TypeError('membership: malformed outgoing voters');
  }
  const members = raw.m.map((item: unknown): Member => {
    if (
      !Array.isArray(item) ||
      typeof item[0] !== 'string' ||
      typeof item[1] !== 'string' ||
      (item[2] !== 0 && item[2] !== 1)
    ) {
      throw new TypeError('membership: malformed member');
    }
    return { id: item[0], address: item[1], voter: item[2] === 1 };
  });
  return outgoing === undefined ? { members } : { members, outgoingVoters: outgoing as string[] };
}
