import { createHash } from 'node:crypto';
import type { SnapshotTransfer } from '../engine/ready.js';
import type { Clock, TimerHandle } from '../interfaces/clock.js';
import type { Logger } from '../interfaces/logger.js';
import type { SnapshotStore } from '../interfaces/snapshot-store.js';
import type { Transport } from '../interfaces/transport.js';
import type { InstallSnapshotResponse } from '../types/message.js';
import { rechunk } from './snapshot-chunks.js';

/**
 * The default number of chunks in flight to one follower before the sender waits for an
 * acknowledgement: enough to keep a link busy, while a slow follower holds at most this many
 * chunks' worth of the leader's memory and bandwidth.
 */
export const DEFAULT_SNAPSHOT_WINDOW_CHUNKS = 4;

/** What a {@link SnapshotSender} works with. */
export interface SnapshotSenderOptions {
  readonly nodeId: string;
  readonly snapshotStore: SnapshotStore;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly logger: Logger;
  /** The payload bytes per `install-snapshot` message (config `snapshotChunkBytes`). */
  readonly chunkBytes: number;
  /** Chunks sent and not yet acknowledged, at most. Default {@link DEFAULT_SNAPSHOT_WINDOW_CHUNKS}. */
  readonly windowChunks?: number | undefined;
  /** A transfer with no acknowledged progress for this long (ms) fails: the election timeout. */
  readonly progressTimeoutMs: number;
  /**
   * Called once per transfer that ended other than by `cancelAll`; the driver passes it on to
   * `engine.reportSnapshotTransfer` (a failure sends the follower back to probing, and the engine
   * asks for a fresh transfer if it still needs one).
   */
  readonly onFinished: (to: string, succeeded: boolean) => void;
}

/** How a transfer ended. */
type TransferOutcome = 'succeeded' | 'failed' | 'cancelled';

/**
 * Streams snapshots to followers, one transfer per follower at a time (leader side of paper §7).
 *
 * Each transfer reads the newest snapshot in the store, re-cut into `chunkBytes` chunks, and sends
 * them as `install-snapshot` messages with a fresh `transferId`. Back-pressure: at most a window of
 * chunks is unacknowledged; the follower acknowledges a chunk only once it is written to its store.
 * The last chunk carries the SHA-256 of the whole payload, computed as the chunks go out. There is
 * no resuming: a refused or stalled transfer fails, and the next one starts again from offset 0
 * under a new id, which keeps the follower's side simple (it never stitches two transfers).
 */
export class SnapshotSender {
  private readonly transfers = new Map<string, OutgoingTransfer>();
  private readonly running = new Set<Promise<void>>();
  private nextTransferId = 1;

  constructor(private readonly options: SnapshotSenderOptions) {}

  /** The followers a transfer is running to (for status and tests). */
  get activePeers(): string[] {
    return [...this.transfers.keys()];
  }

  /** Starts the transfer the engine asked for, in `term`, unless one to that peer is running. */
  start(request: SnapshotTransfer, term: number): void {
    if (this.transfers.has(request.to)) return;
    // Unique per sender; the receiver keys transfers by (leader, term, transferId), and a
    // restarted leader can only lead again in a later term, so ids never collide.
    const transfer = new OutgoingTransfer(this.options, request, term, this.nextTransferId++);
    this.transfers.set(request.to, transfer);
    const run = transfer.run().then((outcome) => {
      if (this.transfers.get(request.to) === transfer) this.transfers.delete(request.to);
      if (outcome !== 'cancelled') this.options.onFinished(request.to, outcome === 'succeeded');
    });
    this.running.add(run);
    void run.finally(() => this.running.delete(run));
  }

  /** Routes a follower's acknowledgement to its transfer. */
  onResponse(message: InstallSnapshotResponse): void {
    this.transfers.get(message.from)?.onResponse(message);
  }

  /** Cancels every transfer started in a term other than `term` (this node lost leadership meanwhile). */
  cancelOtherTerms(term: number): void {
    for (const [peer, transfer] of this.transfers) {
      if (transfer.term === term) continue;
      transfer.cancel();
      this.transfers.delete(peer);
    }
  }

  /** Cancels every transfer (the node stopped, or stopped leading). */
  cancelAll(): void {
    for (const transfer of this.transfers.values()) transfer.cancel();
    this.transfers.clear();
  }

  /** Settles once every transfer has stopped reading the store. Never rejects. */
  async idle(): Promise<void> {
    await Promise.all(this.running);
  }
}

/** One snapshot transfer to one follower. */
class OutgoingTransfer {
  private readonly windowChunks: number;
  private outcome: TransferOutcome | undefined;
  /** End offsets of the chunks sent and not yet acknowledged, in order. */
  private readonly unacknowledged: number[] = [];
  private acknowledgedOffset = 0;
  private totalBytes = -1;
  private lastChunkSent = false;
  private timer: TimerHandle | undefined;
  private wakeUp: (() => void) | undefined;

  constructor(
    private readonly options: SnapshotSenderOptions,
    private readonly request: SnapshotTransfer,
    readonly term: number,
    readonly transferId: number,
  ) {
    this.windowChunks = options.windowChunks ?? DEFAULT_SNAPSHOT_WINDOW_CHUNKS;
  }

  async run(): Promise<TransferOutcome> {
    const { snapshotStore, transport, nodeId, chunkBytes, logger } = this.options;
    const { to } = this.request;
    this.armTimer();
    try {
      const [newest] = await snapshotStore.list();
      if (newest === undefined || newest.lastIncludedIndex < this.request.lastIncludedIndex) {
        throw new Error(`no snapshot covers index ${this.request.lastIncludedIndex}`);
      }
      const reader = await snapshotStore.open(newest.id);
      this.totalBytes = newest.sizeBytes;
      const hash = createHash('sha256');
      let offset = 0;
      for await (const { data, last } of rechunk(reader.chunks, chunkBytes)) {
        while (this.outcome === undefined && this.unacknowledged.length >= this.windowChunks) {
          await this.nextEvent();
        }
        if (this.outcome !== undefined) break;
        hash.update(data);
        const end = offset + data.byteLength;
        if (end > this.totalBytes || (last && end !== this.totalBytes)) {
          throw new Error(`snapshot ${newest.id} holds other than its ${this.totalBytes} bytes`);
        }
        this.unacknowledged.push(end);
        this.lastChunkSent = last;
        transport.send([
          {
            type: 'install-snapshot',
            from: nodeId,
            to,
            term: this.term,
            transferId: this.transferId,
            lastIncludedIndex: newest.lastIncludedIndex,
            lastIncludedTerm: newest.lastIncludedTerm,
            membership: newest.membership,
            totalBytes: this.totalBytes,
            offset,
            data,
            done: last,
            checksum: last ? hash.digest('hex') : '',
          },
        ]);
        offset = end;
      }
      while (this.outcome === undefined) await this.nextEvent();
    } catch (error) {
      if (this.outcome === undefined) logger.warn('snapshot transfer failed', { to, error });
      this.finish('failed');
    }
    return this.outcome ?? 'failed';
  }

  /** Takes the follower's acknowledgement (or refusal) of this transfer's chunks. */
  onResponse(message: InstallSnapshotResponse): void {
    if (message.transferId !== this.transferId || this.outcome !== undefined) return;
    if (!message.accepted) {
      this.options.logger.info('snapshot transfer refused by the follower', { to: this.request.to });
      this.finish('failed');
      return;
    }
    if (message.nextOffset > this.acknowledgedOffset) {
      this.acknowledgedOffset = message.nextOffset;
      this.armTimer();
      while (this.unacknowledged.length > 0 && this.unacknowledged[0]! <= this.acknowledgedOffset) {
        this.unacknowledged.shift();
      }
    }
    if (this.lastChunkSent && message.nextOffset === this.totalBytes) this.finish('succeeded');
    this.notify();
  }

  cancel(): void {
    this.finish('cancelled');
  }

  private finish(outcome: TransferOutcome): void {
    if (this.outcome !== undefined) return;
    this.outcome = outcome;
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.notify();
  }

  /** (Re)starts the no-progress timeout: each acknowledged byte counts as progress. */
  private armTimer(): void {
    const { clock, progressTimeoutMs, logger } = this.options;
    if (this.timer !== undefined) clock.clearTimeout(this.timer);
    this.timer = clock.setTimeout(() => {
      this.timer = undefined;
      if (this.outcome !== undefined) return;
      logger.info('snapshot transfer stalled', {
        to: this.request.to,
        acknowledged: this.acknowledgedOffset,
      });
      this.finish('failed');
    }, progressTimeoutMs);
  }

  private nextEvent(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private notify(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }
}
