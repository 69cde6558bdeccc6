import type { Message, MessageHandler, Transport } from '@raft/core';
import { TransportStateError } from './errors/transport-state-error.js';

/** One node's {@link Transport} on a memory network. Its address is its node id. */
export interface MemoryTransport extends Transport {
  /** The node this transport belongs to; messages whose `to` is this id arrive here. */
  readonly nodeId: string;
  /** The peers last given to `setPeers` (informational: delivery goes by node id). */
  readonly peers: ReadonlyMap<string, string>;
}

/** Where a transport sends through; implemented by the network, kept narrow to avoid an import cycle. */
export interface TransportHost {
  send(sender: MemoryTransportEndpoint, messages: readonly Message[]): void;
}

/** The lifecycle of a transport: it receives only while `started`, and `closed` is final. */
export type EndpointState = 'created' | 'started' | 'closed';

/** The network's side of a {@link MemoryTransport}: its state and the handler to deliver to. */
export class MemoryTransportEndpoint implements MemoryTransport {
  readonly nodeId: string;
  readonly #host: TransportHost;
  #state: EndpointState = 'created';
  #handler: MessageHandler | undefined;
  #peers: ReadonlyMap<string, string> = new Map();

  constructor(nodeId: string, host: TransportHost) {
    this.nodeId = nodeId;
    this.#host = host;
  }

  /** Whether this transport has not started, is receiving, or is closed. */
  get state(): EndpointState {
    return this.#state;
  }

  get peers(): ReadonlyMap<string, string> {
    return this.#peers;
  }

  async start(handler: MessageHandler): Promise<void> {
    if (this.#state !== 'created')
      throw new TransportStateError(this.nodeId, `start() called when ${this.#state}`);
    this.#handler = handler;
    this.#state = 'started';
  }

  send(messages: readonly Message[]): void {
    this.#host.send(this, messages);
  }

  setPeers(peers: ReadonlyMap<string, string>): void {
    // Copied: the caller may go on mutating its map.
    this.#peers = new Map(peers);
  }

  async close(): Promise<void> {
    this.#state = 'closed';
    // Released so a closed node's state machine can be garbage-collected in long simulations.
    this.#handler = undefined;
  }

  /**
   * Hands `message` to the handler. Only called by the network while `started`; a handler
   * exception propagates to the network, which counts it.
   */
  receive(message: Message): void {
    this.#handler?.(message);
  }
}
