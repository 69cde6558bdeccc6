import {
  type Clock,
  createRaftNode,
  findMember,
  type Logger,
  type Member,
  type RaftNode,
  type StateMachine,
  silentLogger,
  systemClock,
} from '@raft/core';
import { loadTransportFactory } from './adapters/create-transport.js';
import { loadStoresOpener } from './adapters/open-stores.js';
import { readTransportCredentials } from './adapters/read-credentials.js';
import { startAdminServer } from './admin/admin-server.js';
import type { ClusterNode } from './cluster-node.js';
import type { ClusterConfig, ClusterConfigInput } from './config/cluster-config.js';
import { isValidatedClusterConfig, validateClusterConfig } from './config/validate-cluster-config.js';
import { joinViaSeeds } from './discovery/join-via-seeds.js';
import { HealthMonitor } from './health/health-monitor.js';
import { logHealthEvents } from './health/log-health-events.js';
import { SeededPeersTransport } from './transport/seeded-peers-transport.js';
import { CleanupStack } from './util/cleanup-stack.js';

/** What {@link startClusterNode} needs besides the configuration. */
export interface StartClusterNodeOptions {
  /** The application's state machine, empty: the node restores it from snapshots and the log. */
  readonly stateMachine: StateMachine;
  /** Defaults to a logger that drops everything. */
  readonly logger?: Logger | undefined;
  /** Defaults to the system clock. */
  readonly clock?: Clock | undefined;
  /** Uniform random numbers in [0, 1): election timeouts and join back-off. Default `Math.random`. */
  readonly random?: (() => number) | undefined;
}

/**
 * Turns a configuration into a running node: validates it (unless it came from
 * `validateClusterConfig` or `loadClusterConfigFile`), reads the secret and TLS files, loads the
 * storage and transport packages it selects, opens the stores, starts the `RaftNode`, the health
 * monitor and the admin server and, with `join`, asks the seeds to add this node.
 *
 * Resolves once the node runs and, when joining, is a member. Anything that can be found wrong
 * from the configuration alone (`ConfigError`, `AdapterMissingError`) is thrown before a file is
 * opened or a port bound; a later failure (a store that will not open, a port in use,
 * `JoinTimeoutError`) first stops whatever had started.
 */
export async function startClusterNode(
  config: ClusterConfig | ClusterConfigInput,
  options: StartClusterNodeOptions,
): Promise<ClusterNode> {
  const validated = isValidatedClusterConfig(config) ? config : validateClusterConfig(config);
  const logger = options.logger ?? silentLogger;
  const clock = options.clock ?? systemClock;
  const random = options.random ?? Math.random;
  const { nodeId } = validated.raft;
  const credentials = await readTransportCredentials(validated.transport);
  const openStores = await loadStoresOpener(validated.storage);
  const createTransport = await loadTransportFactory(validated.transport);

  const cleanup = new CleanupStack();
  try {
    const stores = await openStores();
    cleanup.push(() => stores.close());
    const transport = new SeededPeersTransport(createTransport(nodeId, credentials, logger));
    const node = createRaftNode({
      config: validated.raft,
      logStore: stores.logStore,
      stableStore: stores.stableStore,
      snapshotStore: stores.snapshotStore,
      transport,
      stateMachine: options.stateMachine,
      clock,
      logger,
      random: options.random,
    });
    // Also closes the transport, even when start() failed halfway.
    cleanup.push(() => node.stop());
    await node.start();

    const health = new HealthMonitor({
      node,
      clock,
      electionTimeoutMs: validated.raft.electionTimeoutMs,
      maxLagEntries: validated.health.maxLagEntries,
      checkIntervalMs: validated.health.checkIntervalMs,
    });
    logHealthEvents(health, logger);
    health.start();
    cleanup.push(() => health.stop());

    const admin =
      validated.admin === undefined
        ? undefined
        : await startAdminServer({
            node,
            monitor: health,
            config: validated.admin,
            secret: credentials.clusterSecret,
            clock,
            logger,
          });
    if (admin !== undefined) cleanup.push(() => admin.close());

    const { join } = validated;
    if (join !== undefined) {
      await joinViaSeeds({
        join,
        nodeId,
        raftAddress: validated.raft.raftAddress,
        token: credentials.clusterSecret,
        onMembers: (members) => transport.seedPeers(peerTable(members, nodeId)),
        isMember: () => isMember(node, nodeId, join.voter),
        clock,
        random,
        logger,
      });
      transport.seedPeers(undefined);
    }
    logger.info('cluster node started', { nodeId, adminAddress: admin?.address });
    let stopping: Promise<void> | undefined;
    return {
      config: validated,
      node,
      health,
      adminAddress: admin?.address,
      adminUrl: admin?.url,
      stop: () => {
        stopping ??= cleanup.run();
        return stopping;
      },
    };
  } catch (error) {
    await cleanup
      .run()
      .catch((cleanupError: unknown) =>
        logger.error('cleanup after a failed start failed', { error: String(cleanupError) }),
      );
    throw error;
  }
}

/** Whether the node's own membership lists it (as a voter, when `voter`). */
function isMember(node: RaftNode, nodeId: string, voter: boolean): boolean {
  const member = findMember(node.status().membership, nodeId);
  return member !== undefined && (member.voter || !voter);
}

/** The transport's peer table for `members`: everyone but this node. */
function peerTable(members: readonly Member[], nodeId: string): Map<string, string> {
  return new Map(
    members.filter((member) => member.id !== nodeId).map((member) => [member.id, member.address]),
  );
}
