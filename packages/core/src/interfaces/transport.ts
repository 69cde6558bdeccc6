import type { Message } from '../types/message.js';

/** Receives each message that arrives for this node. */
export type MessageHandler = (message: Message) => void;

/**
 * Carries engine messages between nodes.
 *
 * Raft tolerates loss, duplication and reordering, so a transport is best-effort: `send` never
 * blocks and never throws for an unreachable peer. Correctness requirements (pinned down by
 * `transportConformance` in `@raft/testkit`):
 * - Messages to one peer are delivered in the order sent, or dropped; never altered.
 * - A message is delivered only to the node named in `to`, and only from an authenticated peer
 *   whose id matches `from` (for transports that cross a process boundary).
 * - A slow or unreachable peer never delays delivery to the others.
 * - After `close` resolves, nothing more is delivered and `send` drops everything.
 */
export interface Transport {
  /** Starts receiving. `handler` is called once per inbound message. */
  start(handler: MessageHandler): Promise<void>;
  /** Queues messages for delivery; each goes to its `to` node. */
  send(messages: readonly Message[]): void;
  /** Tells the transport where each peer is (node id → address). Called on every membership change. */
  setPeers(peers: ReadonlyMap<string, string>): void;
  /** Stops sending and receiving and releases resources. */
  close(): Promise<void>;
}
