import type { Message, MessageHandler, Transport } from '@raft/core';

/**
 * A transport wrapper that adds peers the node does not know from its own membership.
 *
 * Why: a node that joins an existing cluster starts with empty stores, so the driver gives its
 * transport an empty peer table. A network transport refuses messages from senders outside its
 * table and cannot answer a peer whose address it lacks, so the leader's first appends (and the
 * learner's replies) would go nowhere. @raft/core seeds the table from `initialMembers` at start,
 * but a node joining through `join.seeds` learns the members only after it started (from a seed's
 * `GET /members`, again on every attempt, since they may change meanwhile), so it adds them here
 * until it holds the configuration that lists it; then the seeds are cleared and the table is the
 * driver's alone again.
 */
export class SeededPeersTransport<Inner extends Transport> implements Transport {
  #driverPeers: ReadonlyMap<string, string> = new Map();
  #seededPeers: ReadonlyMap<string, string> | undefined;

  constructor(readonly inner: Inner) {}

  start(handler: MessageHandler): Promise<void> {
    return this.inner.start(handler);
  }

  send(messages: readonly Message[]): void {
    this.inner.send(messages);
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    this.#driverPeers = new Map(peers);
    this.#apply();
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Adds `peers` (id → address) under the driver's own; `undefined` removes them again. */
  seedPeers(peers: ReadonlyMap<string, string> | undefined): void {
    this.#seededPeers = peers === undefined ? undefined : new Map(peers);
    this.#apply();
  }

  #apply(): void {
    // The driver's entries win: its membership is newer than anything a seed said.
    this.inner.setPeers(
      this.#seededPeers === undefined
        ? this.#driverPeers
        : new Map([...this.#seededPeers, ...this.#driverPeers]),
    );
  }
}
