import type { Transport } from '@raft/core';

/** One node of a conformance test: its transport and where peers reach it. */
export interface TransportConformanceNode {
  /** A transport that has not been started; the suite starts and closes it. */
  readonly transport: Transport;
  /** The address peers put in `setPeers` for this node; called after `transport.start` resolves. */
  address(): string;
}

/** Options of {@link TransportConformanceFactory.createNode}. */
export interface CreateNodeOptions {
  /**
   * Listen on this address, which a node that is now closed used: how the suite restarts a node.
   * Absent: any free address.
   */
  readonly address?: string;
  /**
   * Give this node credentials the others do not accept (a wrong cluster secret, a certificate
   * from another CA). Only asked when `supportsCredentials` is true.
   */
  readonly invalidCredentials?: boolean;
}

/**
 * What a transport under test provides to {@link transportConformance}. One factory serves one
 * test; the suite creates a fresh one per test and calls `cleanup` after it.
 */
export interface TransportConformanceFactory {
  /** Creates the (unstarted) transport of `nodeId`. */
  createNode(
    nodeId: string,
    options?: CreateNodeOptions,
  ): TransportConformanceNode | Promise<TransportConformanceNode>;
  /** Whether the transport authenticates peers, so `invalidCredentials` means something. */
  readonly supportsCredentials?: boolean;
  /** Whether the transport refuses messages from node ids not in its peer table. */
  readonly rejectsUnknownSenders?: boolean;
  /**
   * An address that accepts connections but never answers, for the slow-peer case. Without it the
   * slow peer is one that was never started (unreachable).
   */
  createUnresponsivePeer?(): Promise<{ readonly address: string; close(): Promise<void> }>;
  /** Releases what the factory holds (servers, temp files); called after each test. */
  cleanup?(): Promise<void>;
}

/** Tuning of {@link transportConformance}. */
export interface TransportConformanceOptions {
  /** The payload size of the large-message case, in bytes. Default 4 MiB. */
  readonly largeMessageBytes?: number;
  /** How long a delivery may take before a case fails, in ms. Default 10,000. */
  readonly deliveryTimeoutMs?: number;
  /** How long to watch for a message that must not arrive, in ms. Default 300. */
  readonly quietPeriodMs?: number;
  /** The vitest timeout of each case, in ms. Default 30,000. */
  readonly testTimeoutMs?: number;
}
