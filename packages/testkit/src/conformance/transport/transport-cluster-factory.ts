import type { TransportConformanceNode } from './transport-conformance-factory.js';

/** Counters a transport may expose, for the extra checks of {@link transportClusterConformance}. */
export interface TransportClusterStats {
  /** Inbound messages handed to the handler. */
  readonly received: number;
  /** Outbound batches (frames, requests) a peer accepted. */
  readonly batchesDelivered: number;
  readonly rejected: {
    /** Inbound traffic refused for bad or missing credentials. */
    readonly unauthenticated: number;
    /** Inbound traffic refused for exceeding a size limit. */
    readonly tooLarge: number;
  };
}

/** One node's transport in {@link transportClusterConformance}. */
export interface TransportClusterNode extends TransportConformanceNode {
  /**
   * The transport's counters, if it keeps them. With them the suite also checks that every node
   * was reached without an authentication failure, and that a full batch travels as one.
   */
  stats?(): TransportClusterStats;
}

/**
 * What a transport under test provides to {@link transportClusterConformance}. One factory serves
 * one test; the suite creates a fresh one per test and calls `cleanup` after it.
 */
export interface TransportClusterFactory {
  /**
   * Creates the (unstarted) transport of `nodeId`, with the transport's default size limits. With
   * `address` (a restart) it must listen there again; otherwise anywhere free.
   */
  createNode(
    nodeId: string,
    options?: { readonly address?: string },
  ): TransportClusterNode | Promise<TransportClusterNode>;
  /** Releases what the factory holds; called after each test. */
  cleanup?(): Promise<void>;
}

/** Tuning of {@link transportClusterConformance}. */
export interface TransportClusterConformanceOptions {
  /**
   * How long a leader's link to a stopped follower takes to fail and drop the appends it queued
   * (those would catch the follower up from the log, defeating the snapshot case), in ms. For a
   * transport that drops a batch on a failed delivery: twice its connect timeout plus its longest
   * back-off. Default 1,000.
   */
  readonly staleQueueFlushMs?: number;
  /** The vitest timeout of each case, in ms. Default 15,000. */
  readonly testTimeoutMs?: number;
}
