import { ConfigError } from '../errors/config-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import { encodeMembership, type Member } from '../types/membership.js';
import { guardStorage } from './guard-storage.js';

/** The exact words `forceMembership` requires in `confirm`. */
export const FORCE_MEMBERSHIP_CONFIRMATION = 'I understand this can lose committed writes';

/** What {@link forceMembership} works on: the stopped node's stores and the configuration to force. */
export interface ForceMembershipOptions {
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  /** The configuration to force. Usually just this node, as the one voter; add the others later with `join`. */
  readonly members: readonly Member[];
  /** Must be exactly {@link FORCE_MEMBERSHIP_CONFIRMATION}. */
  readonly confirm: string;
}

/**
 * Recovers a cluster that lost its quorum for good: writes a new configuration straight into a
 * stopped node's log, so that the node can start and lead without the lost members.
 *
 * This bypasses consensus. Writes the lost majority acknowledged but this node never received are
 * gone, and if any lost member comes back with its old state, two clusters may diverge. So:
 * - run it on ONE surviving node, the one with the longest log (highest last term, then index);
 * - wipe every other node (survivor or returning member) and add it back with `join`;
 * - it refuses to run unless `confirm` says so in so many words.
 *
 * The new configuration entry goes at the end of the log in a term above every term this node has
 * seen, so it can never be confused with an entry some other leader wrote at that index.
 *
 * @returns the index and term of the forced configuration entry.
 */
export async function forceMembership(
  options: ForceMembershipOptions,
): Promise<{ index: number; term: number }> {
  if (options.confirm !== FORCE_MEMBERSHIP_CONFIRMATION) {
    throw new ConfigError(
      'confirm',
      `forcing a membership must be confirmed with "${FORCE_MEMBERSHIP_CONFIRMATION}"`,
    );
  }
  if (!options.members.some((member) => member.voter)) {
    throw new ConfigError('members', 'the forced configuration needs at least one voter');
  }
  const ids = options.members.map((member) => member.id);
  if (new Set(ids).size !== ids.length) throw new ConfigError('members', 'member ids must be unique');

  const { logStore, stableStore, snapshotStore } = options;
  const hardState = await guardStorage('load hard state', () => stableStore.load());
  const lastStored = await guardStorage('read the last log index', () => logStore.lastIndex());
  const snapshots = await guardStorage('list snapshots', () => snapshotStore.list());
  const snapshot = snapshots[0];
  let lastIndex = snapshot?.lastIncludedIndex ?? 0;
  let lastTerm = snapshot?.lastIncludedTerm ?? 0;
  if (lastStored > lastIndex) {
    const [last] = await guardStorage('read the last entry', () =>
      logStore.entries(lastStored, lastStored + 1),
    );
    lastIndex = lastStored;
    lastTerm = last?.term ?? lastTerm;
  }
  const term = Math.max(hardState?.term ?? 0, lastTerm) + 1;
  const index = lastIndex + 1;
  const data = encodeMembership({ members: options.members });
  await guardStorage('append the forced configuration', () =>
    logStore.append([{ index, term, type: 'config', data }]),
  );
  await guardStorage('save hard state', () =>
    stableStore.save({ term, votedFor: undefined, commitIndex: hardState?.commitIndex ?? 0 }),
  );
  return { index, term };
}
