import type { Message } from '@raft/core';
import type { OutboundLinkSettings } from './network-transport-options.js';
import { OutboundQueue } from './outbound-queue.js';
import type { TransportCounters } from './transport-counters.js';

/** What a {@link PeerLinkTable} needs of the link to one peer. */
export interface PeerLink {
  /** The address the link was created for. */
  readonly address: string;
  push(message: Message): void;
  /** Stops the link: queued messages are dropped, nothing more is sent. */
  close(): Promise<void>;
}

/**
 * The outbound side of a network transport: the peer table set by the driver and one link per
 * peer, created on first use. `send` routes each message to its `to` peer's link, counting what
 * cannot be routed; a peer whose address changes gets a new link (the old one is closed).
 */
export class PeerLinkTable<Link extends PeerLink> {
  readonly #createLink: (peerId: string, address: string) => Link;
  readonly #settings: Pick<OutboundLinkSettings, 'counters' | 'logger'>;
  readonly #name: string;
  #peers: ReadonlyMap<string, string> = new Map();
  readonly #links = new Map<string, Link>();
  #closed = false;

  /**
   * @param name The transport's name in log messages (`grpc transport`).
   * @param createLink Creates the link to a peer; may throw for an address it cannot use (the
   *   message is then dropped as `noPeer` and a warning logged).
   */
  constructor(
    name: string,
    settings: Pick<OutboundLinkSettings, 'counters' | 'logger'>,
    createLink: (peerId: string, address: string) => Link,
  ) {
    this.#name = name;
    this.#settings = settings;
    this.#createLink = createLink;
  }

  get #counters(): TransportCounters {
    return this.#settings.counters;
  }

  /** Whether `nodeId` is in the peer table. */
  has(nodeId: string): boolean {
    return this.#peers.has(nodeId);
  }

  /** Hands each message to its peer's link; never throws. After `close` everything is dropped. */
  send(messages: readonly Message[]): void {
    for (const message of messages) {
      this.#counters.sent++;
      if (this.#closed) {
        this.#counters.dropped.closed++;
        continue;
      }
      const link = this.#link(message.to);
      if (link === undefined) this.#counters.dropped.noPeer++;
      else link.push(message);
    }
  }

  /** Replaces the peer table, closing the links of peers that left or moved. */
  setPeers(peers: ReadonlyMap<string, string>): void {
    this.#peers = new Map(peers);
    for (const [id, link] of this.#links) {
      if (peers.get(id) !== link.address) {
        this.#links.delete(id);
        void link.close();
      }
    }
  }

  /** Closes every link; later sends are dropped as `closed`. */
  close(): Promise<void> {
    this.#closed = true;
    const links = [...this.#links.values()];
    this.#links.clear();
    return Promise.all(links.map((link) => link.close())).then(() => {});
  }

  #link(peerId: string): Link | undefined {
    const existing = this.#links.get(peerId);
    if (existing !== undefined) return existing;
    const address = this.#peers.get(peerId);
    if (address === undefined) return undefined;
    let link: Link;
    try {
      link = this.#createLink(peerId, address);
    } catch (error) {
      this.#settings.logger.warn(`${this.#name}: bad peer address`, { peerId, address, error });
      return undefined;
    }
    this.#links.set(peerId, link);
    return link;
  }
}

/**
 * The outbound queue of the link to `peerId`, with the transport's batching, back-off and
 * counters: drops are counted by reason and failed deliveries logged at debug level as
 * `failureLog` (`http transport: batch to peer failed`).
 */
export function outboundQueueForPeer(
  peerId: string,
  settings: OutboundLinkSettings,
  failureLog: string,
  deliver: (messages: readonly Message[]) => Promise<void>,
): OutboundQueue {
  return new OutboundQueue({
    maxQueuedMessages: settings.maxQueuedMessages,
    maxBatchBytes: settings.maxBatchBytes,
    maxBatchMessages: settings.maxBatchMessages,
    backoff: settings.backoff,
    random: settings.random,
    deliver,
    onDrop: (count, reason) => {
      settings.counters.dropped[reason] += count;
    },
    onDeliveryError: (error, attempt) => {
      settings.logger.debug(failureLog, { peerId, attempt, error });
    },
  });
}
