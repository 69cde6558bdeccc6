import { readFileSync } from 'node:fs';
import {
  createSeededRandom,
  type Message,
  type MessageHandler,
  systemClock,
  type Transport,
} from '@raft/core';
import { createGrpcTransport } from '@raft/transport-grpc';
import { createHttpTransport } from '@raft/transport-http';
import { createMemoryNetwork, type MemoryNetwork } from '@raft/transport-memory';
import type { ListeningTransport } from '../bench-cluster.js';

// The test-only certificates that @raft/testkit ships (certs/README.md there): never for production.
const read = (name: string): string =>
  readFileSync(new URL(import.meta.resolve(`@raft/testkit/certs/${name}`)), 'utf8');
const tls = { cert: read('cluster-node.pem'), key: read('cluster-node.key'), ca: read('cluster-ca.pem') };
const SECRET = 'bench-cluster-secret-0123456789';

/** The transports benchmarked: the network ones always with a cluster secret, optionally with TLS. */
export type Kind = 'memory' | 'http' | 'http+tls' | 'grpc' | 'grpc+tls';
export const KINDS: readonly Kind[] = ['memory', 'http', 'http+tls', 'grpc', 'grpc+tls'];

export function isKind(text: string): text is Kind {
  return (KINDS as readonly string[]).includes(text);
}

/** Creates transports of one kind; memory ones share one in-process network. */
export class TransportMaker {
  readonly #network: MemoryNetwork | undefined;

  constructor(readonly kind: Kind) {
    this.#network =
      kind === 'memory'
        ? createMemoryNetwork({ clock: systemClock, random: createSeededRandom(1) })
        : undefined;
  }

  /** A transport for `nodeId` (not started); a network one listens on 127.0.0.1, any free port. */
  create(nodeId: string): { readonly transport: Transport; address(): string } {
    if (this.#network !== undefined) {
      return { transport: this.#network.createTransport(nodeId), address: () => nodeId };
    }
    const options = { nodeId, clusterSecret: SECRET, ...(this.kind.endsWith('+tls') ? { tls } : {}) };
    const transport = this.kind.startsWith('http')
      ? createHttpTransport(options)
      : createGrpcTransport(options);
    return { transport, address: () => transport.address };
  }

  /**
   * A transport already listening, so its address is known before the node's config is written;
   * the node's own `start(handler)` only connects the handler, and `close` closes the transport.
   */
  async listen(nodeId: string): Promise<ListeningTransport> {
    const { transport: inner, address } = this.create(nodeId);
    let handler: MessageHandler | undefined;
    await inner.start((message: Message) => handler?.(message));
    const transport: Transport = {
      async start(nodeHandler) {
        handler = nodeHandler;
      },
      send: (messages) => inner.send(messages),
      setPeers: (peers) => inner.setPeers(peers),
      async close() {
        handler = undefined;
        await inner.close();
      },
    };
    return { transport, address: address() };
  }
}
