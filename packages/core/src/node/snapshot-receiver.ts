import { createHash, type Hash } from 'node:crypto';
import type { SnapshotInstallOutcome } from '../engine/snapshot-install.js';
import type { Clock, TimerHandle } from '../interfaces/clock.js';
import type { Logger } from '../interfaces/logger.js';
import type { SnapshotMetadata, SnapshotSink, SnapshotStore } from '../interfaces/snapshot-store.js';
import type { Transport } from '../interfaces/transport.js';
import type { InstallSnapshotRequest } from '../types/message.js';

/** What a {@link SnapshotReceiver} works with. */
export interface SnapshotReceiverOptions {
  readonly nodeId: string;
  readonly snapshotStore: SnapshotStore;
  readonly transport: Transport;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A transfer that gets no chunk for this long (ms) is abandoned: two election timeouts. */
  readonly abandonAfterMs: number;
  /** The engine's current term. */
  readonly currentTerm: () => number;
  /**
   * Hands a complete, verified, committed snapshot to the engine (`engine.installSnapshot`) and
   * wakes the loop, which restores the state machine from it.
   */
  readonly install: (leaderId: string, term: number, metadata: SnapshotMetadata) => SnapshotInstallOutcome;
}

/** A transfer being received: the identity and shape its first chunk announced. */
interface IncomingTransfer {
  readonly first: InstallSnapshotRequest;
  readonly sink: Promise<SnapshotSink>;
  readonly hash: Hash;
  /** Bytes taken so far (queued for writing, in order). */
  receivedBytes: number;
  /** Set once the transfer is refused, abandoned, superseded or complete: nothing more is written. */
  closed: boolean;
}

/**
 * Receives snapshots a leader streams (follower side of paper §7) into the snapshot store.
 *
 * A chunk at offset 0 of a transfer not seen before starts a new one (aborting any other in
 * progress); the following chunks must come in order. Writes are serialized, and each chunk is
 * acknowledged only once its write resolved: that is the sender's back-pressure. On the last chunk
 * the size and SHA-256 of the whole payload are checked before anything is committed, so a
 * corrupted or truncated transfer is refused and never installed half-way. A gap, a stale term, a
 * mismatch or a store failure aborts the sink and answers `accepted: false`; the leader then starts
 * a fresh transfer from offset 0.
 *
 * Transfers are keyed by (leader, term, transferId); a duplicated chunk the receiver already took
 * is ignored (the transport may deliver a message twice).
 */
export class SnapshotReceiver {
  private current: IncomingTransfer | undefined;
  /** Every store call, serialized: one transfer's writes, and a new transfer after the old one's abort. */
  private work: Promise<void> = Promise.resolve();
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(private readonly options: SnapshotReceiverOptions) {}

  /** Whether a transfer is in progress (for tests and status). */
  get receiving(): boolean {
    return this.current !== undefined;
  }

  /** Takes one chunk. The engine has stepped the message already (term, election timer). */
  onChunk(message: InstallSnapshotRequest): void {
    if (this.stopped) return;
    if (message.term < this.options.currentTerm()) {
      if (this.current !== undefined && sameTransfer(this.current.first, message)) this.close('stale term');
      this.reply(message, false, 0);
      return;
    }
    let transfer = this.current;
    if (transfer === undefined || !sameTransfer(transfer.first, message)) {
      if (message.offset !== 0) {
        // A transfer we never saw start (we restarted, or refused it): ask for a fresh one.
        this.reply(message, false, 0);
        return;
      }
      if (transfer !== undefined) this.close('superseded by a new transfer');
      transfer = this.begin(message);
    }
    if (message.offset < transfer.receivedBytes) return;
    const end = message.offset + message.data.byteLength;
    if (
      message.offset > transfer.receivedBytes ||
      !sameShape(transfer.first, message) ||
      end > message.totalBytes
    ) {
      this.refuse(transfer, message, 'a chunk out of order or inconsistent with the transfer');
      return;
    }
    transfer.receivedBytes = end;
    transfer.hash.update(message.data);
    this.armTimer();
    if (!message.done) {
      this.enqueue(transfer, message, async (sink) => {
        await sink.write(message.data);
        if (!transfer.closed) this.reply(message, true, end);
      });
      return;
    }
    if (end !== message.totalBytes || transfer.hash.digest('hex') !== message.checksum) {
      this.refuse(transfer, message, 'the size or checksum does not match the payload');
      return;
    }
    this.enqueue(transfer, message, async (sink) => {
      await sink.write(message.data);
      if (transfer.closed || this.stopped) return;
      const metadata = await sink.commit();
      this.finish(transfer);
      const outcome = this.options.install(message.from, message.term, metadata);
      this.options.logger.info('snapshot received', {
        from: message.from,
        outcome,
        index: metadata.lastIncludedIndex,
      });
      this.reply(message, outcome !== 'stale', end);
    });
  }

  /** Abandons any transfer in progress; stores are left alone once `idle` settles. */
  stop(): void {
    this.stopped = true;
    if (this.current !== undefined) this.close('the node stopped');
  }

  /** Settles when no store call is in flight. Never rejects. */
  idle(): Promise<void> {
    return this.work;
  }

  private begin(first: InstallSnapshotRequest): IncomingTransfer {
    const sink = this.options.snapshotStore.create({
      lastIncludedIndex: first.lastIncludedIndex,
      lastIncludedTerm: first.lastIncludedTerm,
      membership: first.membership,
    });
    // Awaited by the first write; this only keeps a failed create from being an unhandled rejection.
    sink.catch(() => undefined);
    const transfer: IncomingTransfer = {
      first,
      sink,
      hash: createHash('sha256'),
      receivedBytes: 0,
      closed: false,
    };
    this.current = transfer;
    return transfer;
  }

  /** Runs `step` on the transfer's sink after every earlier store call; a failure refuses the transfer. */
  private enqueue(
    transfer: IncomingTransfer,
    message: InstallSnapshotRequest,
    step: (sink: SnapshotSink) => Promise<void>,
  ): void {
    this.work = this.work.then(async () => {
      if (transfer.closed) return;
      try {
        await step(await transfer.sink);
      } catch (error) {
        this.options.logger.warn('writing a received snapshot failed', { from: message.from, error });
        this.refuse(transfer, message, 'a store failure');
      }
    });
  }

  private refuse(transfer: IncomingTransfer, message: InstallSnapshotRequest, reason: string): void {
    if (transfer.closed) return;
    this.options.logger.info('snapshot transfer refused', { from: message.from, reason });
    this.close(reason, transfer);
    this.reply(message, false, 0);
  }

  /** Closes `transfer` (default: the current one) and aborts its sink once earlier writes finished. */
  private close(reason: string, transfer = this.current): void {
    if (transfer === undefined || transfer.closed) return;
    this.options.logger.debug('snapshot transfer closed', { from: transfer.first.from, reason });
    this.finish(transfer);
    this.work = this.work.then(async () => {
      try {
        await (await transfer.sink).abort();
      } catch {
        // The sink never opened or cannot abort: nothing was committed, so nothing to undo.
      }
    });
  }

  /** Marks `transfer` closed and forgets it if it is the current one. */
  private finish(transfer: IncomingTransfer): void {
    transfer.closed = true;
    if (this.current === transfer) {
      this.current = undefined;
      this.clearTimer();
    }
  }

  /** (Re)starts the abandonment timer: a leader that went quiet leaves no sink open forever. */
  private armTimer(): void {
    this.clearTimer();
    this.timer = this.options.clock.setTimeout(() => {
      this.timer = undefined;
      this.close('abandoned: no chunk within two election timeouts');
    }, this.options.abandonAfterMs);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.options.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private reply(request: InstallSnapshotRequest, accepted: boolean, nextOffset: number): void {
    if (this.stopped) return;
    this.options.transport.send([
      {
        type: 'install-snapshot-response',
        from: this.options.nodeId,
        to: request.from,
        term: this.options.currentTerm(),
        transferId: request.transferId,
        accepted,
        nextOffset,
      },
    ]);
  }
}

/** Whether two chunks belong to the same transfer. */
function sameTransfer(a: InstallSnapshotRequest, b: InstallSnapshotRequest): boolean {
  return a.from === b.from && a.term === b.term && a.transferId === b.transferId;
}

/** Whether a chunk describes the same snapshot as its transfer's first chunk. */
function sameShape(first: InstallSnapshotRequest, chunk: InstallSnapshotRequest): boolean {
  return (
    first.lastIncludedIndex === chunk.lastIncludedIndex &&
    first.lastIncludedTerm === chunk.lastIncludedTerm &&
    first.totalBytes === chunk.totalBytes
  );
}
