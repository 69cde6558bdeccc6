import type { Clock, Entry, HardState, LogStore, StableStore } from '@raft/core';
import { DiskCrashedError, SimulatedIoError } from './disk-errors.js';
import {
  applyAppend,
  applyCompact,
  copyLogImage,
  emptyLogImage,
  type LogImage,
  validateAppend,
} from './log-image.js';
import { SimulatedLogStore, SimulatedStableStore } from './simulated-stores.js';

/** Tuning for a {@link SimulatedDisk}. */
export interface SimulatedDiskOptions {
  /** The clock fsync delays run on (the simulation's virtual clock). */
  readonly clock: Clock;
  /** Seeded randomness for fsync delays and torn writes. */
  readonly random: () => number;
  /**
   * How long a write takes to become durable, in ms: a fixed number, or `[min, max]` drawn
   * uniformly per write. 0 makes writes durable at once and resolve in a microtask. Default 0.
   */
  readonly fsyncDelayMs?: number | readonly [number, number];
  /**
   * Model a disk without atomic multi-entry writes: on a crash, each pending write independently
   * either reached the disk whole, reached it partly (a prefix of an append's entries), or was lost
   * — and every write after a lost or torn one is lost. Off: every pending write is lost.
   */
  readonly tornWrites?: boolean;
}

/** Which write a failpoint targets. */
export type DiskOperation = 'append' | 'compact' | 'save';

/** A write issued but not yet durable. Writes become durable in issue order, like one fsync'd file. */
interface PendingWrite {
  readonly operation: DiskOperation;
  readonly dueMs: number;
  readonly applyTo: (durable: DiskState) => void;
  /** For appends: the entries, so a torn write can keep a prefix. */
  readonly entries: readonly Entry[] | undefined;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
}

interface DiskState {
  log: LogImage;
  hardState: HardState | undefined;
}

/**
 * The disk of one simulated machine: a {@link LogStore} and a {@link StableStore} whose writes become
 * durable only after a simulated fsync delay on the virtual clock, and that a crash can cut short.
 *
 * - Writes take effect in the volatile view (the page cache) at once; reads see that view.
 * - A write's promise resolves only when it is durable. Never is a write the caller was told is
 *   durable lost by a crash.
 * - {@link crash} discards what is not durable (or, with `tornWrites`, keeps some of it, possibly a
 *   prefix of an append), rejects every pending promise with a {@link DiskCrashedError}, and retires
 *   the store handles. {@link open} then gives a restarted node fresh handles over the durable state.
 * - Failpoints ({@link failNext}) make the next write of a kind fail with a {@link SimulatedIoError}.
 * - {@link currentEntries} and {@link durableEntries} let the simulation observe the log synchronously.
 */
export class SimulatedDisk {
  private durable: DiskState = { log: emptyLogImage(), hardState: undefined };
  private volatile: DiskState = { log: emptyLogImage(), hardState: undefined };
  private pending: PendingWrite[] = [];
  /** Bumped by each crash; handles from an older generation are dead. */
  private generation = 0;
  private version = 0;
  private lastDueMs = Number.NEGATIVE_INFINITY;
  private readonly failpoints = new Map<DiskOperation, { written: boolean }>();
  /** Writes after whose fsync the machine crashes, before the caller hears of it (see {@link crashAfterNext}). */
  private readonly crashPoints = new Set<DiskOperation>();
  /** Called at an armed crash point; the simulation crashes the whole machine from it. */
  onCrashPoint: ((operation: DiskOperation) => void) | undefined;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly fsyncDelayMs: number | readonly [number, number];
  private readonly tornWrites: boolean;

  constructor(options: SimulatedDiskOptions) {
    this.clock = options.clock;
    this.random = options.random;
    this.fsyncDelayMs = options.fsyncDelayMs ?? 0;
    this.tornWrites = options.tornWrites ?? false;
  }

  /** Opens store handles over the disk (for a node starting or restarting on this machine). */
  open(): { logStore: LogStore; stableStore: StableStore } {
    return {
      logStore: new SimulatedLogStore(this, this.generation),
      stableStore: new SimulatedStableStore(this, this.generation),
    };
  }

  /**
   * Crashes the machine: pending writes are lost (or partly kept, with `tornWrites`), their
   * promises reject with {@link DiskCrashedError}, and existing handles stop working.
   */
  crash(): void {
    const pending = this.pending;
    this.pending = [];
    this.generation += 1;
    this.version += 1;
    this.lastDueMs = Number.NEGATIVE_INFINITY;
    this.failpoints.clear();
    this.crashPoints.clear();
    let survives = this.tornWrites;
    for (const write of pending) {
      if (survives) {
        const roll = this.random();
        if (roll < 1 / 3) {
          write.applyTo(this.durable);
        } else {
          survives = false;
          if (roll < 2 / 3 && write.entries !== undefined && write.entries.length > 1) {
            // A torn append: some leading entries made it, the rest did not.
            const kept = 1 + Math.floor(this.random() * (write.entries.length - 1));
            applyAppend(this.durable.log, write.entries.slice(0, kept));
          }
        }
      }
      write.reject(new DiskCrashedError(write.operation));
    }
    this.volatile = { log: copyLogImage(this.durable.log), hardState: this.durable.hardState };
  }

  /**
   * Makes the next write of this kind fail with a {@link SimulatedIoError}. With `written`, the data
   * reaches the disk but the error is reported anyway (a failed fsync after a successful write).
   */
  failNext(operation: DiskOperation, options: { written?: boolean } = {}): void {
    this.failpoints.set(operation, { written: options.written ?? false });
  }

  /**
   * Crashes the machine right after the next write of this kind becomes durable, before its promise
   * resolves (etcd's "after save" panic points): the data is on disk, but the node never acted on it.
   * The crash goes through {@link onCrashPoint}, which must call {@link crash} (and stop the process).
   */
  crashAfterNext(operation: DiskOperation): void {
    this.crashPoints.add(operation);
  }

  /** Disarms every failpoint and crash point not yet triggered. */
  clearFailpoints(): void {
    this.failpoints.clear();
    this.crashPoints.clear();
  }

  /** The log as the running node sees it, including writes not yet durable. Do not mutate. */
  currentEntries(): readonly Entry[] {
    return this.volatile.log.entries;
  }

  /** The log as it would be after a crash right now. Do not mutate. */
  durableEntries(): readonly Entry[] {
    return this.durable.log.entries;
  }

  /** The index before the first entry of {@link currentEntries}. */
  currentBaseIndex(): number {
    return this.volatile.log.baseIndex;
  }

  /** The index before the first entry of {@link durableEntries}. */
  durableBaseIndex(): number {
    return this.durable.log.baseIndex;
  }

  /** The hard state as the running node sees it. */
  currentHardState(): HardState | undefined {
    return this.volatile.hardState;
  }

  /** The hard state as it would be after a crash right now. */
  durableHardState(): HardState | undefined {
    return this.durable.hardState;
  }

  /** Changes whenever {@link currentEntries} changes (see `NodeObservation.logVersion`). */
  logVersion(): number {
    return this.version;
  }

  /** How many writes are issued and not yet durable. */
  pendingWrites(): number {
    return this.pending.length;
  }

  // ---- used by the store handles ----

  /** @internal Throws unless a handle of `generation` may still use the disk. */
  checkAlive(generation: number, operation: string): void {
    if (generation !== this.generation) throw new DiskCrashedError(operation);
  }

  /** @internal */
  readLog(): LogImage {
    return this.volatile.log;
  }

  /** @internal Issues an append: validated and visible at once, durable after the fsync delay. */
  append(entries: readonly Entry[]): Promise<void> {
    validateAppend(this.volatile.log, entries);
    if (entries.length === 0) return Promise.resolve();
    const copy = entries.slice();
    return this.write('append', (state) => applyAppend(state.log, copy), copy);
  }

  /** @internal */
  compact(throughIndex: number): Promise<void> {
    if (!Number.isSafeInteger(throughIndex)) {
      return Promise.reject(new TypeError(`compact: throughIndex must be an integer, got ${throughIndex}`));
    }
    return this.write('compact', (state) => applyCompact(state.log, throughIndex), undefined);
  }

  /** @internal */
  save(hardState: HardState): Promise<void> {
    const copy: HardState = Object.freeze({
      term: hardState.term,
      votedFor: hardState.votedFor,
      commitIndex: hardState.commitIndex,
    });
    return this.write(
      'save',
      (state) => {
        state.hardState = copy;
      },
      undefined,
    );
  }

  private write(
    operation: DiskOperation,
    applyTo: (state: DiskState) => void,
    entries: readonly Entry[] | undefined,
  ): Promise<void> {
    const failpoint = this.failpoints.get(operation);
    if (failpoint !== undefined) {
      this.failpoints.delete(operation);
      if (!failpoint.written) return Promise.reject(new SimulatedIoError(operation, false));
    }
    applyTo(this.volatile);
    if (operation !== 'save') this.version += 1;
    const delay = this.drawDelay();
    // An armed crash point takes the timed path, so that the crash happens from a timer, outside the caller.
    if (delay === 0 && this.pending.length === 0 && !this.crashPoints.has(operation)) {
      // Durable at once; the caller still learns it asynchronously, like any I/O.
      applyTo(this.durable);
      return failpoint === undefined
        ? Promise.resolve()
        : Promise.reject(new SimulatedIoError(operation, true));
    }
    return new Promise<void>((resolve, reject) => {
      // Writes complete in order: a later write is never durable before an earlier one.
      const dueMs = Math.max(this.clock.now() + delay, this.lastDueMs);
      this.lastDueMs = dueMs;
      const settle = failpoint === undefined ? resolve : () => reject(new SimulatedIoError(operation, true));
      this.pending.push({ operation, dueMs, applyTo, entries, resolve: settle, reject });
      const generation = this.generation;
      this.clock.setTimeout(() => this.flush(generation), dueMs - this.clock.now());
    });
  }

  /** Makes durable, in order, every pending write whose fsync has completed. */
  private flush(generation: number): void {
    if (generation !== this.generation) return;
    const now = this.clock.now();
    while (this.pending.length > 0 && this.pending[0]!.dueMs <= now) {
      const write = this.pending.shift()!;
      write.applyTo(this.durable);
      if (this.crashPoints.delete(write.operation)) {
        // Durable, but the process dies before it learns so: crash() rejects this write with the rest.
        this.pending.unshift({ ...write, applyTo: () => {}, entries: undefined });
        if (this.onCrashPoint === undefined) this.crash();
        else this.onCrashPoint(write.operation);
        return;
      }
      write.resolve();
    }
  }

  private drawDelay(): number {
    if (typeof this.fsyncDelayMs === 'number') return this.fsyncDelayMs;
    const [min, max] = this.fsyncDelayMs;
    return min + this.random() * (max - min);
  }
}
