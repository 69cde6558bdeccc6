import {
  loopbackPort,
  type TestSecurityMode,
  testCredentials,
  transportClusterConformance,
} from '@raft/testkit/conformance';
import { createGrpcTransport } from './grpc-transport.js';

const SECRET = 'cluster-test-secret-0123456789';
const CONNECT_TIMEOUT_MS = 250;
const BACKOFF = { initialDelayMs: 10, maxDelayMs: 100 };

function grpcClusterFactory(mode: TestSecurityMode) {
  return {
    createNode(nodeId: string, options?: { readonly address?: string }) {
      const transport = createGrpcTransport({
        nodeId,
        listen: { host: '127.0.0.1', port: loopbackPort(options?.address) },
        clusterId: 'cluster-test',
        ...testCredentials(mode, SECRET),
        connectTimeoutMs: CONNECT_TIMEOUT_MS,
        writeTimeoutMs: 2000,
        backoff: BACKOFF,
      });
      return { transport, address: () => transport.address, stats: () => transport.stats() };
    },
  };
}

for (const mode of ['plain + secret', 'mutual TLS + secret'] as const) {
  transportClusterConformance(`gRPC on 127.0.0.1 (${mode})`, () => grpcClusterFactory(mode), {
    // A failed write drops its whole batch; twice the connect timeout plus the back-off covers two.
    staleQueueFlushMs: 2 * (CONNECT_TIMEOUT_MS + BACKOFF.maxDelayMs),
  });
}
