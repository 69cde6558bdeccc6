import type { MessageHandler, Transport } from '../../interfaces/transport.js';
import type { Message } from '../../types/message.js';

/**
 * A minimal in-process network for driver tests (core must not depend on
 * `@raft/transport-memory`). Messages are delivered on a microtask, in order per sender, unless
 * the link is cut; a transport that is not started or closed drops everything.
 */
export class LoopbackNetwork {
  private readonly transports = new Map<string, LoopbackTransport>();
  private readonly cutLinks = new Set<string>();
  /** Messages delivered so far, by type (for assertions on traffic). */
  readonly deliveredByType = new Map<string, number>();
  /**
   * Sees every message in transit on an intact link and returns what to deliver instead
   * (`undefined` drops it): how a test tampers with, drops or watches traffic. Must not mutate
   * the message it gets (the sender may still hold it); return a changed copy.
   */
  intercept: ((message: Message) => Message | undefined) | undefined;

  /** The transport of node `nodeId`; replaces any earlier one (a restarted node). */
  createTransport(nodeId: string): LoopbackTransport {
    const transport = new LoopbackTransport(nodeId, this);
    this.transports.set(nodeId, transport);
    return transport;
  }

  /** Drops every message between `nodeId` and anyone else, both ways. */
  isolate(nodeId: string): void {
    this.cutLinks.add(`${nodeId}>*`);
    this.cutLinks.add(`*>${nodeId}`);
  }

  /** Restores every link. */
  heal(): void {
    this.cutLinks.clear();
  }

  /** Delivers `messages` later (on a microtask), dropping those on cut links. */
  deliver(messages: readonly Message[]): void {
    queueMicrotask(() => {
      for (const sent of messages) {
        if (this.isCut(sent.from, sent.to)) continue;
        const message = this.intercept === undefined ? sent : this.intercept(sent);
        if (message === undefined) continue;
        const target = this.transports.get(message.to);
        if (target === undefined) continue;
        if (target.receive(message)) {
          this.deliveredByType.set(message.type, (this.deliveredByType.get(message.type) ?? 0) + 1);
        }
      }
    });
  }

  private isCut(from: string, to: string): boolean {
    return (
      this.cutLinks.has(`${from}>*`) || this.cutLinks.has(`*>${to}`) || this.cutLinks.has(`${from}>${to}`)
    );
  }
}

/** One node's end of a {@link LoopbackNetwork}. */
export class LoopbackTransport implements Transport {
  private handler: MessageHandler | undefined;
  private closed = false;
  /** The last peer table the node set (for assertions). */
  peers: ReadonlyMap<string, string> = new Map();

  constructor(
    readonly nodeId: string,
    private readonly network: LoopbackNetwork,
  ) {}

  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
  }

  send(messages: readonly Message[]): void {
    if (this.closed || this.handler === undefined) return;
    this.network.deliver(messages);
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    this.peers = new Map(peers);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.handler = undefined;
  }

  /** Hands a message to the node; false when this end is not receiving. */
  receive(message: Message): boolean {
    if (this.closed || this.handler === undefined) return false;
    this.handler(message);
    return true;
  }
}
