import type { Membership } from '@raft/core';

/**
 * The voter sets whose majorities a quorum of `membership` needs: the voters, and during a joint
 * change (C_old,new) also the outgoing voters. A quorum is a set holding a strict majority of each.
 */
export function quorumVoterSets(membership: Membership): readonly (readonly string[])[] {
  const voters = membership.members.filter((member) => member.voter).map((member) => member.id);
  return membership.outgoingVoters === undefined ? [voters] : [voters, membership.outgoingVoters];
}

/** Two quorums, one of each configuration, that share no node. */
export interface DisjointQuorums {
  readonly first: readonly string[];
  readonly second: readonly string[];
}

/**
 * Whether some quorum of `a` and some quorum of `b` are disjoint; returns such a pair, or undefined
 * when every quorum of one intersects every quorum of the other.
 *
 * The arithmetic. Partition the union U of all voter sets involved (up to four: the voters and the
 * outgoing voters of each side) into cells, by which of those sets contain a node. A set Q ⊆ U is a
 * quorum of a configuration with voter sets V₁..Vₖ iff for each j: Σ_{cells c ⊆ Vⱼ} |Q ∩ c| ≥ ⌊|Vⱼ|/2⌋ + 1.
 * Quorums are upward-closed, so disjoint quorums exist iff some quorum Q₁ of `a` leaves, in every
 * cell c, enough nodes (|c| − |Q₁ ∩ c|) for the remainder U \ Q₁ to be a quorum of `b`. Only the
 * count taken from each cell matters, so it suffices to enumerate the vectors
 * (x_c) with 0 ≤ x_c ≤ |c|: at most Π(|c| + 1) of them (a handful for real cluster sizes).
 *
 * For two simple configurations A and B this reduces to the closed form: with qA = ⌊|A|/2⌋ + 1 and
 * qB = ⌊|B|/2⌋ + 1, a disjoint pair exists iff max(0, qA − |A \ B|) + max(0, qB − |B \ A|) ≤ |A ∩ B|
 * (each quorum takes as many nodes as it can outside the other set, and the rest from the shared
 * ones). E.g. {1,2,3} and {1,2,3,4}: 2 − 0 + 3 − 1 = 4 > 3, so every pair intersects (a
 * single-server step is safe); {1,2,3} and {1,2,3,4,5}: 2 − 0 + 3 − 2 = 3 ≤ 3, so {1,2} and {3,4,5}
 * are disjoint (a direct 3 → 5 jump is not).
 */
export function findDisjointQuorums(a: Membership, b: Membership): DisjointQuorums | undefined {
  const setsA = quorumVoterSets(a).map((ids) => new Set(ids));
  const setsB = quorumVoterSets(b).map((ids) => new Set(ids));
  const all = [...setsA, ...setsB];
  // A configuration without voters has no quorum at all: nothing to intersect.
  if (all.some((set) => set.size === 0)) return undefined;
  const cells = new Map<string, string[]>();
  for (const id of [...new Set(all.flatMap((set) => [...set]))].sort()) {
    const signature = all.map((set) => (set.has(id) ? '1' : '0')).join('');
    const cell = cells.get(signature);
    if (cell === undefined) cells.set(signature, [id]);
    else cell.push(id);
  }
  const cellList = [...cells.values()];
  const inCell = (set: ReadonlySet<string>, cell: readonly string[]) => set.has(cell[0]!);
  const isQuorum = (sets: readonly ReadonlySet<string>[], counts: readonly number[]) =>
    sets.every((set) => {
      let taken = 0;
      cellList.forEach((cell, c) => {
        if (inCell(set, cell)) taken += counts[c]!;
      });
      return taken >= Math.floor(set.size / 2) + 1;
    });
  const counts = cellList.map(() => 0);
  const search = (c: number): DisjointQuorums | undefined => {
    if (c === cellList.length) {
      if (!isQuorum(setsA, counts)) return undefined;
      const rest = cellList.map((cell, i) => cell.length - counts[i]!);
      if (!isQuorum(setsB, rest)) return undefined;
      return {
        first: cellList.flatMap((cell, i) => cell.slice(0, counts[i])),
        second: cellList.flatMap((cell, i) => cell.slice(counts[i])),
      };
    }
    for (let take = 0; take <= cellList[c]!.length; take++) {
      counts[c] = take;
      const found = search(c + 1);
      if (found !== undefined) return found;
    }
    counts[c] = 0;
    return undefined;
  };
  return search(0);
}

/** A short rendering of a configuration: `{a,b,c}` or `{a,b,c,d}&{a,b,c}` when joint. */
export function describeMembership(membership: Membership): string {
  return quorumVoterSets(membership)
    .map((ids) => `{${[...ids].sort().join(',')}}`)
    .join('&');
}
