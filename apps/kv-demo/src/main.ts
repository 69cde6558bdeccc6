/**
 * `kv-demo`: one node of the replicated key-value service. It starts a Raft node from a
 * @raft/cluster configuration file (storage, transport, bootstrap or join, admin/health server)
 * with the key-value state machine, then serves the client API (see kv-http-server.ts).
 *
 *   node dist/main.js --config n1.yaml --http 127.0.0.1:8001
 *
 * SIGINT or SIGTERM stops it cleanly; a SIGKILL loses nothing acknowledged (durable storage).
 */

import { loadClusterConfigFile, startClusterNode } from '@raft/cluster';
import { createConsoleLogger } from '@raft/core';
import { startKvHttpServer } from './kv-http-server.js';
import { KvStateMachine } from './kv-state-machine.js';
import { parseKvDemoArguments } from './parse-arguments.js';

async function main(): Promise<void> {
  const args = parseKvDemoArguments(process.argv.slice(2));
  const config = await loadClusterConfigFile(args.configFile);
  const logger = createConsoleLogger({ level: args.logLevel, prefix: `[${config.raft.nodeId}]` });
  const store = new KvStateMachine();
  const cluster = await startClusterNode(config, { stateMachine: store, logger });
  const http = await startKvHttpServer({ node: cluster.node, store }, args.http);
  logger.info('kv-demo node ready', {
    nodeId: config.raft.nodeId,
    api: `http://${http.address}`,
    admin: cluster.adminUrl,
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('kv-demo node stopping', { signal });
    Promise.allSettled([http.close()])
      .then(() => cluster.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error('kv-demo node failed to stop cleanly', { error });
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  cluster.node.on('fatal-error', ({ error }) => {
    logger.error('the raft node stopped on a fatal error', { error });
    stop('fatal-error');
  });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
