import type { SnapshotMetadata, SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StateMachine } from '../interfaces/state-machine.js';
import { guardStorage } from './guard-storage.js';

/**
 * Replaces the state machine's state with a stored snapshot's. Rejects with a `StorageError` when
 * the snapshot cannot be opened or read (the store reports corruption as an error), or the state
 * machine cannot restore it: the node then refuses to go on rather than serve a state it cannot
 * vouch for.
 */
export async function restoreStateMachine(
  snapshotStore: SnapshotStore,
  stateMachine: StateMachine,
  snapshot: SnapshotMetadata,
): Promise<void> {
  const reader = await guardStorage(`open snapshot ${snapshot.id}`, () => snapshotStore.open(snapshot.id));
  await guardStorage(`restore the state machine from snapshot ${snapshot.id}`, () =>
    stateMachine.restore(reader.chunks),
  );
}
