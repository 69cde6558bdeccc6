import type { ReadResult } from '../engine/ready.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { type ProposalBatch, rejectBatch } from './proposal-batch.js';

/** Callers of `read()` sharing one ReadIndex request. Same shape as a proposal batch. */
type ReadBatch = ProposalBatch;

/** A confirmed read waiting for the state machine to catch up. */
interface ConfirmedRead {
  readonly readIndex: number;
  readonly callers: ReadBatch;
}

/**
 * Linearizable reads in flight (ReadIndex, thesis §6.4): queued, then issued to the engine, then
 * confirmed with a read index, then released once the state machine has applied that index.
 *
 * Reads that arrive before the next request is issued share it: a read index obtained after a read
 * was called covers every write acknowledged before that call, so one heartbeat round serves many
 * readers.
 */
export class ReadTracker {
  private queued: ReadBatch = { resolves: [], rejects: [] };
  private readonly issued = new Map<number, ReadBatch>();
  /** Sorted by `readIndex`, so releasing is a scan from the front. */
  private readonly confirmed: ConfirmedRead[] = [];

  /** Whether reads are queued and no request was issued for them yet. */
  get hasQueued(): boolean {
    return this.queued.resolves.length > 0;
  }

  /** The number of reads waiting at any stage (for tests and status). */
  get size(): number {
    let size = this.queued.resolves.length;
    for (const batch of this.issued.values()) size += batch.resolves.length;
    for (const read of this.confirmed) size += read.callers.resolves.length;
    return size;
  }

  /** Queues a reader until the next request is issued. */
  enqueue(resolve: (value: unknown) => void, reject: (reason: unknown) => void): void {
    this.queued.resolves.push(resolve);
    this.queued.rejects.push(reject);
  }

  /** Moves every queued reader under `requestId`, which the caller then passes to `engine.readIndex`. */
  issue(requestId: number): void {
    this.issued.set(requestId, this.queued);
    this.queued = { resolves: [], rejects: [] };
  }

  /** Acts on the engine's answer to a request; `appliedIndex` is what the state machine has applied. */
  onResult(result: ReadResult, appliedIndex: number): void {
    const callers = this.issued.get(result.requestId);
    if (callers === undefined) return;
    this.issued.delete(result.requestId);
    if (result.status === 'failed') {
      rejectBatch(callers, () => new NotLeaderError(result.leaderHint));
      return;
    }
    if (result.readIndex <= appliedIndex) {
      for (const resolve of callers.resolves) resolve(undefined);
      return;
    }
    const confirmed = this.confirmed;
    let position = confirmed.length;
    while (position > 0 && confirmed[position - 1]!.readIndex > result.readIndex) position--;
    confirmed.splice(position, 0, { readIndex: result.readIndex, callers });
  }

  /** Releases the confirmed reads whose index the state machine has now applied. */
  onApplied(appliedIndex: number): void {
    const confirmed = this.confirmed;
    let released = 0;
    while (released < confirmed.length && confirmed[released]!.readIndex <= appliedIndex) {
      for (const resolve of confirmed[released]!.callers.resolves) resolve(undefined);
      released++;
    }
    if (released > 0) confirmed.splice(0, released);
  }

  /** Rejects every waiting reader and forgets them all. */
  rejectAll(makeError: () => Error): void {
    rejectBatch(this.queued, makeError);
    this.queued = { resolves: [], rejects: [] };
    for (const callers of this.issued.values()) rejectBatch(callers, makeError);
    this.issued.clear();
    for (const read of this.confirmed) rejectBatch(read.callers, makeError);
    this.confirmed.length = 0;
  }
}
