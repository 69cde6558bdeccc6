import { type Entry, type HardState, type LogStore, type StableStore, StoreClosedError } from '@raft/core';
import { firstIndexOf, lastIndexOf, readRange } from './log-image.js';
import type { SimulatedDisk } from './simulated-disk.js';

/** A node's handle on the log part of a {@link SimulatedDisk}. */
export class SimulatedLogStore implements LogStore {
  private closed = false;

  constructor(
    private readonly disk: SimulatedDisk,
    private readonly generation: number,
  ) {}

  async firstIndex(): Promise<number> {
    this.check('firstIndex');
    return firstIndexOf(this.disk.readLog());
  }

  async lastIndex(): Promise<number> {
    this.check('lastIndex');
    return lastIndexOf(this.disk.readLog());
  }

  async entries(lowIndex: number, highIndex: number, maxBytes?: number): Promise<Entry[]> {
    this.check('entries');
    return readRange(this.disk.readLog(), lowIndex, highIndex, maxBytes);
  }

  async append(entries: readonly Entry[]): Promise<void> {
    this.check('append');
    return this.disk.append(entries);
  }

  async compact(throughIndex: number): Promise<void> {
    this.check('compact');
    return this.disk.compact(throughIndex);
  }

  /** Closing retires the handle; writes already issued still become durable. */
  async close(): Promise<void> {
    this.closed = true;
  }

  private check(operation: string): void {
    this.disk.checkAlive(this.generation, operation);
    if (this.closed) throw new StoreClosedError('simulated log store');
  }
}

/** A node's handle on the hard-state part of a {@link SimulatedDisk}. */
export class SimulatedStableStore implements StableStore {
  private closed = false;

  constructor(
    private readonly disk: SimulatedDisk,
    private readonly generation: number,
  ) {}

  async load(): Promise<HardState | undefined> {
    this.check('load');
    return this.disk.currentHardState();
  }

  async save(state: HardState): Promise<void> {
    this.check('save');
    return this.disk.save(state);
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private check(operation: string): void {
    this.disk.checkAlive(this.generation, operation);
    if (this.closed) throw new StoreClosedError('simulated stable store');
  }
}
