import type { Logger, Transport } from '@raft/core';
import type { TransportConfig } from '../config/cluster-config.js';
import { definedOnly } from './defined-only.js';
import { loadAdapter, type ModuleImporter } from './load-adapter.js';
import type { TransportCredentials } from './read-credentials.js';

/** A network transport: it knows where it listens once started. */
export interface NetworkTransport extends Transport {
  readonly address: string;
}

/** Creates the node's transport. Loaded by {@link loadTransportFactory}. */
export type TransportFactory = (
  nodeId: string,
  credentials: TransportCredentials,
  logger: Logger,
) => NetworkTransport;

type HttpModule = typeof import('@raft/transport-http');
type GrpcModule = typeof import('@raft/transport-grpc');

/**
 * Loads the transport package `transport.kind` selects and returns a factory that maps the config
 * onto its options (durations in ms, `secret` → `clusterSecret`, TLS material already read).
 *
 * @throws AdapterMissingError naming the package to install.
 */
export async function loadTransportFactory(
  transport: TransportConfig,
  importer?: ModuleImporter,
): Promise<TransportFactory> {
  const common = (nodeId: string, credentials: TransportCredentials, logger: Logger) => ({
    nodeId,
    listen: transport.listen,
    clusterSecret: credentials.clusterSecret,
    logger,
    ...definedOnly({
      clusterId: transport.clusterId,
      tls: credentials.tls,
      connectTimeoutMs: transport.connectTimeoutMs,
      maxBatchBytes: transport.maxBatchBytes,
      maxBatchMessages: transport.maxBatchMessages,
      maxQueuedMessages: transport.maxQueuedMessages,
      backoff: transport.backoff,
    }),
  });
  if (transport.kind === 'http') {
    const http = await loadAdapter<HttpModule>('@raft/transport-http', 'transport.kind', importer);
    return (nodeId, credentials, logger) =>
      http.createHttpTransport({
        ...common(nodeId, credentials, logger),
        ...definedOnly({
          requestTimeoutMs: transport.requestTimeoutMs,
          maxBodyBytes: transport.maxBodyBytes,
        }),
      });
  }
  const grpc = await loadAdapter<GrpcModule>('@raft/transport-grpc', 'transport.kind', importer);
  return (nodeId, credentials, logger) =>
    grpc.createGrpcTransport({
      ...common(nodeId, credentials, logger),
      ...definedOnly({
        writeTimeoutMs: transport.writeTimeoutMs,
        keepaliveTimeMs: transport.keepaliveTimeMs,
        keepaliveTimeoutMs: transport.keepaliveTimeoutMs,
        maxMessageBytes: transport.maxMessageBytes,
      }),
    });
}
