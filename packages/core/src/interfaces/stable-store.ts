import type { HardState } from '../types/hard-state.js';

/**
 * Durable storage for the node's {@link HardState} (current term, vote, commit index).
 *
 * Correctness requirements (pinned down by `stableStoreConformance` in `@raft/testkit`):
 * - Durable before resolving: a vote must never be forgotten after it was sent, so `save` resolves
 *   only once the state survives a crash.
 * - Atomic: after a crash `load` returns the old or the new state, never a mix of fields.
 * - Writes are serialized by the caller.
 */
export interface StableStore {
  /** The last saved hard state, or `undefined` for a node that never saved one. */
  load(): Promise<HardState | undefined>;
  /** Replaces the saved hard state. */
  save(state: HardState): Promise<void>;
  /** Releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}
