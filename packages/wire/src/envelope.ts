import type { Message } from '@raft/core';

/** A decoded envelope: one batch of messages from one node. */
export interface Envelope {
  /** The protocol version the sender wrote. */
  readonly version: number;
  /** The sender's cluster id; `''` when it sent none. */
  readonly clusterId: string;
  /** The sending node; every message's `from`. Authenticate it before trusting it. */
  readonly senderId: string;
  readonly messages: readonly Message[];
}

/** Options of `encodeMessages`. */
export interface EncodeOptions {
  /** The cluster id to stamp on the envelope; none by default. */
  readonly clusterId?: string;
  /**
   * The sending node. Defaults to the messages' `from`; required for an empty batch. Every
   * message must be from this node.
   */
  readonly senderId?: string;
}
