import type { Membership } from '../types/membership.js';

/** What a snapshot covers: the log prefix it replaces and the configuration at its end. */
export interface SnapshotMetadata {
  /** Chosen by the store; unique within it. */
  readonly id: string;
  /** The index of the last entry the snapshot includes. */
  readonly lastIncludedIndex: number;
  /** The term of that entry. */
  readonly lastIncludedTerm: number;
  /** The membership configuration in effect at `lastIncludedIndex`. */
  readonly membership: Membership;
  /** The snapshot's payload size, in bytes. */
  readonly sizeBytes: number;
}

/** The part of {@link SnapshotMetadata} a writer supplies. */
export type SnapshotDescriptor = Omit<SnapshotMetadata, 'id' | 'sizeBytes'>;

/** A snapshot being written. Nothing is visible to readers until `commit` resolves. */
export interface SnapshotSink {
  /** Appends a chunk of the payload. Resolves when the sink can take more (back-pressure). */
  write(chunk: Uint8Array): Promise<void>;
  /** Makes the snapshot durable and visible; resolves with its metadata. */
  commit(): Promise<SnapshotMetadata>;
  /** Discards the snapshot. */
  abort(): Promise<void>;
}

/** A stored snapshot opened for reading. */
export interface SnapshotReader {
  readonly metadata: SnapshotMetadata;
  /** The payload, streamed in chunks. */
  readonly chunks: AsyncIterable<Uint8Array>;
}

/**
 * Durable storage for state machine snapshots.
 *
 * Correctness requirements (pinned down by `snapshotStoreConformance` in `@raft/testkit`):
 * - A snapshot is visible only after `commit` resolved, and then completely (written, verified,
 *   durable); a crash mid-write leaves no partial snapshot behind.
 * - Reading returns exactly the bytes that were written; corruption is reported as an error, never
 *   returned as data.
 * - `list` orders snapshots newest first (by `lastIncludedIndex`).
 */
export interface SnapshotStore {
  /** Starts writing a snapshot. */
  create(descriptor: SnapshotDescriptor): Promise<SnapshotSink>;
  /** The committed snapshots, newest first. */
  list(): Promise<SnapshotMetadata[]>;
  /** Opens a committed snapshot. Rejects if it does not exist or fails verification. */
  open(id: string): Promise<SnapshotReader>;
  /** Releases resources; the store is unusable afterwards. */
  close(): Promise<void>;
}
