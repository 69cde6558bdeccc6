import type { RaftConfig } from '../config/raft-config.js';
import type { EngineInitialState } from '../engine/engine-options.js';
import { LogRangeError } from '../errors/log-range-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { SnapshotMetadata, SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { StateMachine } from '../interfaces/state-machine.js';
import type { Entry } from '../types/entry.js';
import { EMPTY_HARD_STATE, type HardState } from '../types/hard-state.js';
import { encodeMembership, type Membership } from '../types/membership.js';
import { guardStorage } from './guard-storage.js';
import { restoreStateMachine } from './restore-state-machine.js';

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
 * With a snapshot in the store, the node restarts from the newest one: the state machine is
 * restored from it, the engine starts with the snapshot as its compacted prefix (applied up to its
 * index), and the log after it is re-applied as it commits. Without one, the state machine is
 * rebuilt by re-applying every committed entry from index 1.
 *
 * Bootstrap is crash-safe: the entry is written before the hard state, and a node that crashed in
 * between (log = exactly the bootstrap entry, no hard state) simply bootstraps again, writing the
 * same things. A saved hard state therefore means bootstrap completed.
 *
 * @throws StorageError when a store fails; when the newest snapshot cannot be opened, verified or
 *   restored (the node refuses to start rather than serve wrong data); or when the log starts after
 *   the snapshot's index + 1 (or after 1 without a snapshot): entries nothing covers are missing.
 */
export async function loadInitialState(
  config: RaftConfig,
  stores: NodeStores & { readonly stateMachine: StateMachine },
): Promise<EngineInitialState> {
  const { logStore, stableStore, snapshotStore, stateMachine } = stores;
  const savedHardState = await guardStorage('load hard state', () => stableStore.load());
  const snapshots = await guardStorage('list snapshots', () => snapshotStore.list());
  const snapshot = snapshots[0];
  const entries = await loadLog(logStore, snapshot);

  const isInitialMember = config.initialMembers.some((member) => member.id === config.nodeId);
  if (isInitialMember && savedHardState === undefined && snapshot === undefined) {
    const entry = bootstrapEntry(config);
    if (entries.length === 0 || isOnly(entries, entry)) {
      await guardStorage('append the bootstrap entry', () => logStore.append([entry]));
      await guardStorage('save the bootstrap hard state', () => stableStore.save(BOOTSTRAP_HARD_STATE));
      return initialState(BOOTSTRAP_HARD_STATE, [entry], undefined);
    }
  }
  if (snapshot !== undefined) await restoreStateMachine(snapshotStore, stateMachine, snapshot);
  return initialState(savedHardState ?? EMPTY_HARD_STATE, entries, snapshot);
}

/**
 * Reads the stored entries after `snapshot` (all of them without one). A stored log that
 * disagrees with the snapshot at its last index is stale (this node was behind and the snapshot
 * came from a leader), and one that ends before the snapshot is wholly covered by it: either way
 * it is cleared, so that the next append after the snapshot finds an empty store, not a gap.
 */
async function loadLog(logStore: LogStore, snapshot: SnapshotMetadata | undefined): Promise<Entry[]> {
  const firstIndex = await guardStorage('read the first log index', () => logStore.firstIndex());
  const lastIndex = await guardStorage('read the last log index', () => logStore.lastIndex());
  if (lastIndex === 0) return [];
  const baseIndex = snapshot?.lastIncludedIndex ?? 0;
  if (snapshot !== undefined && firstIndex <= baseIndex) {
    const stale =
      lastIndex <= baseIndex ||
      (await guardStorage('load the log', () => logStore.entries(baseIndex, baseIndex + 1)))[0]?.term !==
        snapshot.lastIncludedTerm;
    if (stale) {
      await guardStorage('clear a stale log', () => logStore.compact(lastIndex));
      return [];
    }
  }
  const fromIndex = Math.max(firstIndex, baseIndex + 1);
  if (fromIndex > baseIndex + 1) {
    throw new StorageError('load the log', {
      cause: new LogRangeError(baseIndex + 1, fromIndex, firstIndex, lastIndex),
    });
  }
  return fromIndex > lastIndex
    ? []
    : guardStorage('load the log', () => logStore.entries(fromIndex, lastIndex + 1));
}

/** The engine's starting point: from `snapshot` when there is one, else from an empty prefix. */
function initialState(
  hardState: HardState,
  entries: readonly Entry[],
  snapshot: SnapshotMetadata | undefined,
): EngineInitialState {
  if (snapshot === undefined) {
    return {
      hardState,
      entries,
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 0,
    };
  }
  const baseIndex = snapshot.lastIncludedIndex;
  return {
    // A snapshot holds only committed entries, so the commit index is at least its index.
    hardState: { ...hardState, commitIndex: Math.max(hardState.commitIndex, baseIndex) },
    entries,
    baseMembership: snapshot.membership,
    baseIndex,
    baseTerm: snapshot.lastIncludedTerm,
    appliedIndex: baseIndex,
  };
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
