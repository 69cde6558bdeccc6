/**
 * Quorum arithmetic over one set of voters (a majority). Joint configurations combine two of these.
 */

/** The number of votes that make a majority of `voterCount` voters. */
export function majority(voterCount: number): number {
  return Math.floor(voterCount / 2) + 1;
}

/**
 * The highest index that a majority of voters hold, given each voter's match index: the index the
 * leader may commit (if it is from its own term, §5.4.2).
 */
export function quorumMatchIndex(matchIndexes: readonly number[]): number {
  if (matchIndexes.length === 0) return 0;
  const sorted = [...matchIndexes].sort((a, b) => b - a);
  return sorted[majority(sorted.length) - 1]!;
}

/** The outcome of an election so far. */
export type VoteTally = 'won' | 'lost' | 'pending';

/** Tallies the votes received (`true` granted, `false` refused) among `voters`. */
export function tallyVotes(voters: readonly string[], votes: ReadonlyMap<string, boolean>): VoteTally {
  let granted = 0;
  let refused = 0;
  for (const voter of voters) {
    const vote = votes.get(voter);
    if (vote === true) granted++;
    else if (vote === false) refused++;
  }
  const needed = majority(voters.length);
  if (granted >= needed) return 'won';
  if (refused > voters.length - needed) return 'lost';
  return 'pending';
}

/**
 * The voter sets whose majorities every decision needs: one set normally, two (new and old)
 * during a joint change (thesis §4.3).
 */
export type VoterSets = readonly (readonly string[])[];

/**
 * The highest value that a majority of every voter set reaches, given each voter's value (a match
 * index, an acknowledged read round, a heartbeat send time).
 */
export function jointQuorumValue(sets: VoterSets, valueFor: (voter: string) => number): number {
  let result = Number.POSITIVE_INFINITY;
  for (const set of sets) result = Math.min(result, quorumMatchIndex(set.map(valueFor)));
  return result;
}

/** Tallies votes across voter sets: won when won in every set, lost when lost in any. */
export function tallyJointVotes(sets: VoterSets, votes: ReadonlyMap<string, boolean>): VoteTally {
  let allWon = true;
  for (const set of sets) {
    const tally = tallyVotes(set, votes);
    if (tally === 'lost') return 'lost';
    if (tally !== 'won') allWon = false;
  }
  return allWon ? 'won' : 'pending';
}

/** Whether a majority of every voter set satisfies `predicate`. */
export function jointQuorumHas(sets: VoterSets, predicate: (voter: string) => boolean): boolean {
  return sets.every((set) => set.filter(predicate).length >= majority(set.length));
}
