import { type TransportConformanceFactory, transportConformance } from '@raft/testkit/conformance';
import { createGrpcTransport } from './grpc-transport.js';
import type { GrpcTlsOptions } from './grpc-transport-options.js';
import { clusterCerts, rogueCerts } from './test-support/test-certs.js';
import { createUnresponsivePeer } from './test-support/unresponsive-peer.js';

const SECRET = 'conformance-secret-0123456789';
type Mode = 'plain + secret' | 'TLS + secret' | 'mutual TLS';

function tlsOptions(mode: Mode, invalidCredentials: boolean): GrpcTlsOptions | undefined {
  if (mode === 'plain + secret') return undefined;
  const mutual = mode === 'mutual TLS';
  // A rogue node trusts the cluster CA (so it gets to talk) but presents a foreign certificate.
  const own = mutual && invalidCredentials ? rogueCerts : clusterCerts;
  return { cert: own.cert, key: own.key, ca: clusterCerts.ca, requireClientCertificate: mutual };
}

function grpcFactory(mode: Mode): TransportConformanceFactory {
  return {
    supportsCredentials: true,
    rejectsUnknownSenders: true,
    createUnresponsivePeer,
    createNode(nodeId, options) {
      const invalid = options?.invalidCredentials ?? false;
      const secret = mode === 'mutual TLS' ? undefined : invalid ? 'not-the-cluster-secret-987654' : SECRET;
      const tls = tlsOptions(mode, invalid);
      const transport = createGrpcTransport({
        nodeId,
        listen: {
          host: '127.0.0.1',
          port: options?.address === undefined ? 0 : Number(options.address.split(':')[1]),
        },
        clusterId: 'conformance',
        ...(secret === undefined ? {} : { clusterSecret: secret }),
        ...(tls === undefined ? {} : { tls }),
        connectTimeoutMs: 1000,
        writeTimeoutMs: 2000,
        backoff: { initialDelayMs: 10, maxDelayMs: 200 },
      });
      return { transport, address: () => transport.address };
    },
  };
}

for (const mode of ['plain + secret', 'TLS + secret', 'mutual TLS'] as const) {
  transportConformance(`grpc (${mode})`, () => grpcFactory(mode), { largeMessageBytes: 8 * 1024 * 1024 });
}
