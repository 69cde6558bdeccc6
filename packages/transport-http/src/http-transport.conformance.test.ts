import {
  createUnresponsivePeer,
  loopbackPort,
  type TransportConformanceFactory,
  testCredentials,
  transportConformance,
} from '@raft/testkit/conformance';
import { createHttpTransport } from './http-transport.js';

const SECRET = 'conformance-secret-0123456789';

function httpFactory(mode: 'plain + secret' | 'TLS + secret' | 'mutual TLS'): TransportConformanceFactory {
  return {
    supportsCredentials: true,
    rejectsUnknownSenders: true,
    createUnresponsivePeer,
    createNode(nodeId, options) {
      const transport = createHttpTransport({
        nodeId,
        listen: { host: '127.0.0.1', port: loopbackPort(options?.address) },
        clusterId: 'conformance',
        ...testCredentials(mode, SECRET, options?.invalidCredentials),
        requestTimeoutMs: 2000,
        backoff: { initialDelayMs: 10, maxDelayMs: 200 },
      });
      return { transport, address: () => transport.address };
    },
  };
}

for (const mode of ['plain + secret', 'TLS + secret', 'mutual TLS'] as const) {
  transportConformance(`http (${mode})`, () => httpFactory(mode), { largeMessageBytes: 8 * 1024 * 1024 });
}
