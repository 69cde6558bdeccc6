import { RaftError } from './raft-error.js';

/** `SnapshotStore.open` was asked for a snapshot the store does not hold (never committed, or pruned). */
export class SnapshotNotFoundError extends RaftError {
  readonly code = 'ERR_RAFT_SNAPSHOT_NOT_FOUND';

  constructor(readonly snapshotId: string) {
    super(`no committed snapshot with id "${snapshotId}"`);
  }
}
