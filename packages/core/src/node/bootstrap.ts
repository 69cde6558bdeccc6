import type { RaftConfig } from '../config/raft-config.js';
import type { EngineInitialState } from '../engine/engine-options.js';
import { LogRangeError } from '../errors/log-range-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { Entry } from '../types/entry.js';
import { EMPTY_HARD_STATE, type HardState } from '../types/hard-state.js';
import { encodeMembership, type Membership } from '../types/membership.js';
import { guardStorage } from './guard-storage.js';

/** The stores a node reads its state from. */
export interface NodeStores {
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
}

/**
 * The hard state every initial member writes when it bootstraps. Term 1 without a vote: the first
 * election then runs in term 2, above the bootstrap entry's term.
 */
export const BOOTSTRAP_HARD_STATE: HardState = { term: 1, votedFor: undefined, commitIndex: 0 };

/**
 * The first log entry of a brand-new cluster: its configuration at index 1, term 1, with every
 * initial member a voter. Members are sorted by id so that every initial member writes the same
 * bytes even if their configs list the members in different orders (Log Matching assumes that an
 * index and a term identify one entry, paper §5.3).
 */
export function bootstrapEntry(config: RaftConfig): Entry {
  const members = [...config.initialMembers]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((member) => ({ id: member.id, address: member.address, voter: true }));
  const membership: Membership = { members };
  return { index: 1, term: 1, type: 'config', data: encodeMembership(membership) };
}

/**
 * Reads the node's persisted state and, for an initial member whose stores are empty, bootstraps
 * the cluster (writes the bootstrap entry, then the bootstrap hard state).
 *
 * The state machine is rebuilt by re-applying every committed entry after a restart, so the engine
 * starts with `appliedIndex` 0 (snapshots, which would let it start later, come with a later issue).
 *
 * Bootstrap is crash-safe: the entry is written before the hard state, and a node that crashed in
 * between (log = exactly the bootstrap entry, no hard state) simply bootstraps again, writing the
 * same things. A saved hard state therefore means bootstrap completed.
 *
 * @throws StorageError when a store fails, or when the log was compacted (not supported before
 *   snapshots are: the entries before the first stored one would be missing).
 */
export async function loadInitialState(config: RaftConfig, stores: NodeStores): Promise<EngineInitialState> {
  const { logStore, stableStore, snapshotStore } = stores;
  const savedHardState = await guardStorage('load hard state', () => stableStore.load());
  const firstIndex = await guardStorage('read the first log index', () => logStore.firstIndex());
  const lastIndex = await guardStorage('read the last log index', () => logStore.lastIndex());
  if (lastIndex > 0 && firstIndex > 1) {
    throw new StorageError('load the log', {
      cause: new LogRangeError(1, firstIndex, firstIndex, lastIndex),
    });
  }
  const entries =
    lastIndex > 0
      ? await guardStorage('load the log', () => logStore.entries(firstIndex, lastIndex + 1))
      : [];

  const isInitialMember = config.initialMembers.some((member) => member.id === config.nodeId);
  if (isInitialMember && savedHardState === undefined) {
    const entry = bootstrapEntry(config);
    if (entries.length === 0 || isOnly(entries, entry)) {
      const snapshots = await guardStorage('list snapshots', () => snapshotStore.list());
      if (snapshots.length === 0) {
        await guardStorage('append the bootstrap entry', () => logStore.append([entry]));
        await guardStorage('save the bootstrap hard state', () => stableStore.save(BOOTSTRAP_HARD_STATE));
        return initialState(BOOTSTRAP_HARD_STATE, [entry]);
      }
    }
  }
  return initialState(savedHardState ?? EMPTY_HARD_STATE, entries);
}

function initialState(hardState: HardState, entries: readonly Entry[]): EngineInitialState {
  return { hardState, entries, baseMembership: { members: [] }, baseIndex: 0, baseTerm: 0, appliedIndex: 0 };
}

/** Whether `entries` is exactly `expected` and nothing else. */
function isOnly(entries: readonly Entry[], expected: Entry): boolean {
  const entry = entries[0];
  return (
    entries.length === 1 &&
    entry !== undefined &&
    entry.index === expected.index &&
    entry.term === expected.term &&
    entry.type === expected.type &&
    bytesEqual(entry.data, expected.data)
  );
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let position = 0; position < a.byteLength; position++) if (a[position] !== b[position]) return false;
  return true;
}
