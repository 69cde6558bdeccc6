import { SnapshotNotFoundError } from '../errors/snapshot-not-found-error.js';
import { StoreClosedError } from '../errors/store-closed-error.js';
import type {
  SnapshotDescriptor,
  SnapshotMetadata,
  SnapshotReader,
  SnapshotSink,
  SnapshotStore,
} from '../interfaces/snapshot-store.js';
import type { Membership } from '../types/membership.js';

/** Options of {@link createMemorySnapshotStore}. */
export interface MemorySnapshotStoreOptions {
  /**
   * How many committed snapshots to keep; older ones (by `list` order) are dropped on commit.
   * Default 3. Bounded so that a long benchmark that snapshots often does not hold every snapshot
   * it ever took; Raft only ever needs the newest.
   */
  readonly retain?: number;
}

/** The default of {@link MemorySnapshotStoreOptions.retain}. */
export const DEFAULT_MEMORY_SNAPSHOTS_RETAINED = 3;

/** A committed snapshot. `sequence` orders commits, breaking ties between equal `lastIncludedIndex`. */
interface StoredSnapshot {
  readonly metadata: SnapshotMetadata;
  readonly chunks: readonly Uint8Array[];
  readonly sequence: number;
}

/**
 * A {@link SnapshotStore} that keeps snapshots in memory: for tests, simulations and benchmarks.
 * Nothing survives the process.
 *
 * Chunks are copied on `write` and again on every read, so a writer may reuse its buffer and a
 * reader may mutate what it gets without changing the stored bytes. A snapshot becomes visible
 * atomically when `commit` resolves. A reader opened before its snapshot was pruned keeps working,
 * like an open file that was unlinked.
 */
export class MemorySnapshotStore implements SnapshotStore {
  private readonly retain: number;
  /** Newest first, the order `list` returns. */
  private snapshots: StoredSnapshot[] = [];
  private nextSequence = 1;
  private closed = false;

  constructor(options: MemorySnapshotStoreOptions = {}) {
    const retain = options.retain ?? DEFAULT_MEMORY_SNAPSHOTS_RETAINED;
    if (!Number.isSafeInteger(retain) || retain < 1) {
      throw new RangeError(`MemorySnapshotStore: retain must be an integer >= 1, got ${retain}`);
    }
    this.retain = retain;
  }

  async create(descriptor: SnapshotDescriptor): Promise<SnapshotSink> {
    this.ensureOpen();
    const sequence = this.nextSequence++;
    const metadataWithoutSize = {
      id: `${descriptor.lastIncludedTerm}-${descriptor.lastIncludedIndex}-${sequence}`,
      lastIncludedIndex: descriptor.lastIncludedIndex,
      lastIncludedTerm: descriptor.lastIncludedTerm,
      membership: copyMembership(descriptor.membership),
    };
    const chunks: Uint8Array[] = [];
    let sizeBytes = 0;
    let state: 'writing' | 'committed' | 'aborted' = 'writing';
    const ensureWriting = (): void => {
      this.ensureOpen();
      if (state !== 'writing') throw new StoreClosedError(`snapshot sink (${state})`);
    };
    return {
      write: async (chunk) => {
        ensureWriting();
        chunks.push(chunk.slice());
        sizeBytes += chunk.byteLength;
      },
      commit: async () => {
        ensureWriting();
        state = 'committed';
        const metadata: SnapshotMetadata = Object.freeze({ ...metadataWithoutSize, sizeBytes });
        this.insert({ metadata, chunks: Object.freeze(chunks), sequence });
        return metadata;
      },
      // Harmless after commit or a second time, so `finally { await sink.abort() }` is safe cleanup.
      abort: async () => {
        if (state !== 'writing') return;
        state = 'aborted';
        chunks.length = 0;
      },
    };
  }

  async list(): Promise<SnapshotMetadata[]> {
    this.ensureOpen();
    return this.snapshots.map((snapshot) => snapshot.metadata);
  }

  async open(id: string): Promise<SnapshotReader> {
    this.ensureOpen();
    const snapshot = this.snapshots.find((candidate) => candidate.metadata.id === id);
    if (snapshot === undefined) throw new SnapshotNotFoundError(id);
    const ensureOpen = (): void => this.ensureOpen();
    return {
      metadata: snapshot.metadata,
      chunks: {
        async *[Symbol.asyncIterator]() {
          for (const chunk of snapshot.chunks) {
            ensureOpen();
            yield chunk.slice();
          }
        },
      },
    };
  }

  /** Closes the store and drops every snapshot; open readers fail on their next chunk. Closing twice is harmless. */
  async close(): Promise<void> {
    this.closed = true;
    this.snapshots = [];
  }

  /** Adds a committed snapshot in `list` order, then drops the oldest beyond `retain`. */
  private insert(snapshot: StoredSnapshot): void {
    // Newest first: a higher lastIncludedIndex, or the same index committed later.
    const position = this.snapshots.findIndex(
      (other) => other.metadata.lastIncludedIndex <= snapshot.metadata.lastIncludedIndex,
    );
    if (position === -1) this.snapshots.push(snapshot);
    else this.snapshots.splice(position, 0, snapshot);
    if (this.snapshots.length > this.retain) this.snapshots.length = this.retain;
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError('memory snapshot store');
  }
}

/** A deep, frozen copy, so the caller's descriptor and the stored metadata cannot alias. */
function copyMembership(membership: Membership): Membership {
  return Object.freeze({
    members: Object.freeze(
      membership.members.map((member) =>
        Object.freeze({ id: member.id, address: member.address, voter: member.voter }),
      ),
    ),
  });
}

/** Creates an empty {@link MemorySnapshotStore}. */
export function createMemorySnapshotStore(options?: MemorySnapshotStoreOptions): MemorySnapshotStore {
  return new MemorySnapshotStore(options);
}
