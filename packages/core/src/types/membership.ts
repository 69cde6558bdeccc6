/** One member of a cluster configuration. */
export interface Member {
  readonly id: string;
  /** Where the transport reaches this member (opaque to the engine). */
  readonly address: string;
  /** Voters count towards quorums; learners (`voter: false`) only receive the log. */
  readonly voter: boolean;
}

/** A cluster configuration: who the members are and which of them vote. */
export interface Membership {
  readonly members: readonly Member[];
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

/** Applies a change to a configuration, returning the new configuration. */
export function applyMembershipChange(membership: Membership, change: MembershipChange): Membership {
  const others = membership.members.filter((member) => member.id !== change.id);
  switch (change.type) {
    case 'add-learner':
      return { members: [...others, { id: change.id, address: change.address, voter: false }] };
    case 'add-voter':
      return { members: [...others, { id: change.id, address: change.address, voter: true }] };
    case 'remove':
      return { members: others };
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a configuration as the data of a `config` log entry. */
export function encodeMembership(membership: Membership): Uint8Array {
  return encoder.encode(JSON.stringify(membership.members.map((m) => [m.id, m.address, m.voter ? 1 : 0])));
}

/** Decodes the data of a `config` log entry. Throws on bytes that are not an encoded configuration. */
export function decodeMembership(data: Uint8Array): Membership {
  const raw: unknown = JSON.parse(decoder.decode(data));
  if (!Array.isArray(raw)) throw new TypeError('membership: expected an array of members');
  const members = raw.map((item: unknown): Member => {
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
  return { members };
}
