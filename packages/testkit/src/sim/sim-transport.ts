import type { Message, MessageHandler, Transport } from '@raft/core';

/**
 * Wraps one node's transport so the simulation can pause the process (inbound and outbound
 * messages are held until `resume`) or kill it (everything dropped from then on, at once — the
 * network's own `close` is asynchronous).
 */
export class SimTransport implements Transport {
  private handler: MessageHandler | undefined;
  private killed = false;
  private paused = false;
  private heldInbound: Message[] = [];
  private heldOutbound: Message[] = [];

  constructor(
    private readonly inner: Transport,
    /** Sees every message this node sends (for the trace and statistics). */
    private readonly onSend: (messages: readonly Message[]) => void = () => {},
  ) {}

  start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
    return this.inner.start((message) => this.receive(message));
  }

  send(messages: readonly Message[]): void {
    if (this.killed) return;
    if (this.paused) {
      this.heldOutbound.push(...messages);
      return;
    }
    this.onSend(messages);
    this.inner.send(messages);
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    this.inner.setPeers(peers);
  }

  close(): Promise<void> {
    return this.inner.close();
  }

  /** Drops everything from now on; closes the underlying transport. */
  kill(): void {
    this.killed = true;
    this.heldInbound = [];
    this.heldOutbound = [];
    void this.inner.close();
  }

  /** Holds messages both ways until {@link resume}. */
  pause(): void {
    this.paused = true;
  }

  /** Delivers and sends what was held, in order. */
  resume(): void {
    if (!this.paused || this.killed) return;
    this.paused = false;
    const inbound = this.heldInbound;
    const outbound = this.heldOutbound;
    this.heldInbound = [];
    this.heldOutbound = [];
    if (outbound.length > 0) this.send(outbound);
    for (const message of inbound) this.receive(message);
  }

  private receive(message: Message): void {
    if (this.killed) return;
    if (this.paused) {
      this.heldInbound.push(message);
      return;
    }
    this.handler?.(message);
  }
}
