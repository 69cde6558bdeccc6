import type { RaftConfig } from '../config/raft-config.js';
import type { RaftEngine } from '../engine/raft-engine.js';
import type { Clock } from '../interfaces/clock.js';
import type { Logger } from '../interfaces/logger.js';
import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { RaftNodeOptions } from './raft-node-options.js';
import { SnapshotReceiver } from './snapshot-receiver.js';
import { SnapshotSender } from './snapshot-sender.js';
import { SnapshotTaker } from './snapshot-taker.js';

/** The driver's snapshot machinery: taking snapshots, and streaming them to and from peers. */
export interface SnapshotParts {
  readonly taker: SnapshotTaker;
  readonly sender: SnapshotSender;
  readonly receiver: SnapshotReceiver;
}

/** What the snapshot parts need from the driver. */
export interface SnapshotHost {
  readonly clock: Clock;
  readonly logger: Logger;
  /** The engine; only called once the node runs. */
  readonly engine: () => RaftEngine;
  readonly isRunning: () => boolean;
  /** Wakes the driver loop. */
  readonly wake: () => void;
  readonly onTaken: (metadata: SnapshotMetadata) => void;
}

/** Builds the snapshot parts for a validated config; timeouts derive from the election timeout. */
export function createSnapshotParts(
  config: RaftConfig,
  options: RaftNodeOptions,
  host: SnapshotHost,
): SnapshotParts {
  const { clock, logger } = host;
  const taker = new SnapshotTaker({
    stateMachine: options.stateMachine,
    snapshotStore: options.snapshotStore,
    logStore: options.logStore,
    clock,
    logger,
    policy: config,
    trailingLogs: config.trailingLogs,
    retryDelayMs: config.electionTimeoutMs,
    isRunning: host.isRunning,
    wake: host.wake,
    onTaken: host.onTaken,
  });
  const sender = new SnapshotSender({
    nodeId: config.nodeId,
    snapshotStore: options.snapshotStore,
    transport: options.transport,
    clock,
    logger,
    chunkBytes: config.snapshotChunkBytes,
    progressTimeoutMs: config.electionTimeoutMs,
    onFinished: (to, succeeded) => {
      if (!host.isRunning()) return;
      host.engine().reportSnapshotTransfer(to, succeeded);
      host.wake();
    },
  });
  const receiver = new SnapshotReceiver({
    nodeId: config.nodeId,
    snapshotStore: options.snapshotStore,
    transport: options.transport,
    clock,
    logger,
    abandonAfterMs: 2 * config.electionTimeoutMs,
    currentTerm: () => host.engine().status().term,
    install: (leaderId, term, metadata) => {
      const outcome = host.engine().installSnapshot(leaderId, term, metadata);
      host.wake();
      return outcome;
    },
  });
  return { taker, sender, receiver };
}
