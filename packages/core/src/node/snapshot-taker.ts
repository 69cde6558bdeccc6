import type { RaftEngine } from '../engine/raft-engine.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import type { Clock } from '../interfaces/clock.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { Logger } from '../interfaces/logger.js';
import type {
  SnapshotDescriptor,
  SnapshotMetadata,
  SnapshotSink,
  SnapshotStore,
} from '../interfaces/snapshot-store.js';
import type { StateMachine } from '../interfaces/state-machine.js';
import { guardStorage } from './guard-storage.js';
import { type SnapshotPolicy, snapshotDue } from './snapshot-policy.js';

/** The engine calls a {@link SnapshotTaker} makes (narrowed, so tests can pass a fake). */
export type SnapshotEngine = Pick<RaftEngine, 'termAt' | 'membershipAt' | 'registerSnapshot' | 'compactLog'>;

/** What a {@link SnapshotTaker} works with. */
export interface SnapshotTakerOptions {
  readonly stateMachine: StateMachine;
  readonly snapshotStore: SnapshotStore;
  readonly logStore: LogStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly policy: SnapshotPolicy;
  /** Entries kept in the log behind a snapshot (config `trailingLogs`). */
  readonly trailingLogs: number;
  /**
   * After a failed snapshot, how long to wait before the next attempt, in ms: without it a broken
   * snapshot store would be retried after every single batch.
   */
  readonly retryDelayMs: number;
  /** Whether the node still runs: a background write stops (and aborts its sink) once it does not. */
  readonly isRunning: () => boolean;
  /** Wakes the driver loop, which then calls `compact` (log writes must be serialized). */
  readonly wake: () => void;
  /** Called from the loop once a snapshot is registered with the engine and the log compacted. */
  readonly onTaken: (metadata: SnapshotMetadata) => void;
}

/**
 * Takes snapshots when the policy says so, without stalling proposals (issue 3):
 *
 * 1. `capture` (in the loop, between Readys): asks the state machine for its state as of the
 *    applied index. Only this await holds the loop; the state machine captures synchronously or
 *    cheaply (see `StateMachine.snapshot`).
 * 2. In the background: streams the captured state into the snapshot store and commits it, while
 *    the loop keeps persisting and applying new entries.
 * 3. `compact` (in the loop again, since `LogStore` requires serialized writes): registers the
 *    snapshot with the engine, compacts the engine's log and the log store up to `trailingLogs`
 *    entries behind it, and reports it.
 *
 * Never two snapshots at once. A failed snapshot is logged and retried later (the log simply
 * stays longer); a failed log compaction is a `StorageError`, fatal like any log write failure.
 */
export class SnapshotTaker {
  private lastIndex = 0;
  private lastAtMs = 0;
  /** From `capture` until the snapshot is compacted or has failed. */
  private busy = false;
  /** A committed snapshot waiting for the loop to run `compact`. */
  private committed: SnapshotMetadata | undefined;
  private retryAtMs = Number.NEGATIVE_INFINITY;
  private background: Promise<void> = Promise.resolve();

  constructor(private readonly options: SnapshotTakerOptions) {}

  /** Starts counting from the snapshot the node restarted from (0 if none). */
  reset(lastSnapshotIndex: number): void {
    this.lastIndex = lastSnapshotIndex;
    this.lastAtMs = this.options.clock.now();
  }

  /** The index the newest snapshot this node took or installed covers (0 if none). */
  get latestIndex(): number {
    return this.lastIndex;
  }

  /** Whether a committed snapshot waits for `compact`: loop work, to run before the next Ready. */
  get hasCompaction(): boolean {
    return this.committed !== undefined;
  }

  /** Whether to call `capture` now. Synchronous and cheap: the loop asks after every Ready. */
  isDue(appliedIndex: number): boolean {
    // Cheapest checks first: this runs once per loop turn, on the hot path.
    if (this.busy || appliedIndex <= this.lastIndex) return false;
    const nowMs = this.options.clock.now();
    if (nowMs < this.retryAtMs) return false;
    return snapshotDue(this.options.policy, {
      appliedIndex,
      lastSnapshotIndex: this.lastIndex,
      lastSnapshotAtMs: this.lastAtMs,
      nowMs,
    });
  }

  /**
   * Captures the state machine at `appliedIndex` (which must be what it has applied, and what
   * the engine acknowledged), then writes the snapshot in the background. Call from the loop.
   */
  async capture(engine: SnapshotEngine, appliedIndex: number): Promise<void> {
    if (this.busy) return;
    const lastIncludedTerm = engine.termAt(appliedIndex);
    if (lastIncludedTerm === undefined) {
      // Cannot happen while the driver keeps the engine's applied index in step; if it ever does,
      // back off rather than let `isDue` keep the loop spinning.
      this.retryAtMs = this.options.clock.now() + this.options.retryDelayMs;
      return;
    }
    const descriptor: SnapshotDescriptor = {
      lastIncludedIndex: appliedIndex,
      lastIncludedTerm,
      membership: engine.membershipAt(appliedIndex),
    };
    this.busy = true;
    let chunks: AsyncIterable<Uint8Array>;
    try {
      chunks = await this.options.stateMachine.snapshot();
    } catch (error) {
      this.failed(descriptor, error);
      return;
    }
    this.background = this.write(descriptor, chunks);
  }

  /**
   * Registers the committed snapshot with the engine and compacts the log behind it. Call from
   * the loop, between Readys. Rejects with a `StorageError` when the log store fails (fatal).
   */
  async compact(engine: SnapshotEngine): Promise<void> {
    const metadata = this.committed;
    if (metadata === undefined) return;
    this.committed = undefined;
    const { lastIncludedIndex, lastIncludedTerm } = metadata;
    engine.registerSnapshot(lastIncludedIndex, lastIncludedTerm);
    // Keep trailing entries: a follower slightly behind catches up from the log, far cheaper
    // than a whole snapshot (hashicorp/raft's TrailingLogs).
    const throughIndex = lastIncludedIndex - this.options.trailingLogs;
    if (throughIndex > 0) {
      engine.compactLog(throughIndex);
      await guardStorage('compact the log', () => this.options.logStore.compact(throughIndex));
    }
    this.lastIndex = Math.max(this.lastIndex, lastIncludedIndex);
    this.lastAtMs = this.options.clock.now();
    this.busy = false;
    this.options.onTaken(metadata);
  }

  /** Notes a snapshot a leader sent and this node installed: it counts as the latest snapshot. */
  noteInstalled(metadata: SnapshotMetadata): void {
    if (metadata.lastIncludedIndex <= this.lastIndex) return;
    this.lastIndex = metadata.lastIncludedIndex;
    this.lastAtMs = this.options.clock.now();
  }

  /** Settles when no background write is running. Never rejects. */
  idle(): Promise<void> {
    return this.background;
  }

  private async write(descriptor: SnapshotDescriptor, chunks: AsyncIterable<Uint8Array>): Promise<void> {
    const { snapshotStore, isRunning, wake } = this.options;
    let sink: SnapshotSink | undefined;
    try {
      sink = await snapshotStore.create(descriptor);
      // `for await` calls the iterator's `return` when we throw, so the state machine can release it.
      for await (const chunk of chunks) {
        if (!isRunning()) throw new NodeStoppedError();
        await sink.write(chunk);
      }
      if (!isRunning()) throw new NodeStoppedError();
      this.committed = await sink.commit();
      wake();
    } catch (error) {
      await sink?.abort().catch(() => undefined);
      this.failed(descriptor, error);
    }
  }

  private failed(descriptor: SnapshotDescriptor, error: unknown): void {
    this.busy = false;
    this.retryAtMs = this.options.clock.now() + this.options.retryDelayMs;
    const fields = { lastIncludedIndex: descriptor.lastIncludedIndex, error };
    if (error instanceof NodeStoppedError)
      this.options.logger.debug('snapshot abandoned: the node stopped', fields);
    else
      this.options.logger.warn('taking a snapshot failed; the log is kept and it is retried later', fields);
  }
}
