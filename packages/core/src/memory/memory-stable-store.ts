import { StoreClosedError } from '../errors/store-closed-error.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { HardState } from '../types/hard-state.js';

/**
 * A {@link StableStore} that keeps the hard state in memory: for tests, simulations and benchmarks.
 * Nothing survives the process. `save` stores a frozen copy and `load` returns it, so neither the
 * caller's object nor the one handed out can change what is stored.
 */
export class MemoryStableStore implements StableStore {
  private state: HardState | undefined;
  private closed = false;

  async load(): Promise<HardState | undefined> {
    this.ensureOpen();
    return this.state;
  }

  async save(state: HardState): Promise<void> {
    this.ensureOpen();
    // Copy field by field: atomic replacement of the whole state, never a mix of old and new.
    this.state = Object.freeze({
      term: state.term,
      votedFor: state.votedFor,
      commitIndex: state.commitIndex,
    });
  }

  /** Closes the store and forgets the state. Closing twice is harmless. */
  async close(): Promise<void> {
    this.closed = true;
    this.state = undefined;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError('memory stable store');
  }
}

/** Creates a {@link MemoryStableStore} that holds no state yet (a node that never ran). */
export function createMemoryStableStore(): MemoryStableStore {
  return new MemoryStableStore();
}
