import type { RaftNode } from '@raft/core';
import type { ClusterConfig } from './config/cluster-config.js';
import type { HealthMonitor } from './health/health-monitor.js';

/** A running cluster node, as `startClusterNode` returns it. */
export interface ClusterNode {
  /** The validated configuration it runs. */
  readonly config: ClusterConfig;
  /** The Raft node: propose, read, join, leave, status, events. */
  readonly node: RaftNode;
  /** Leader and peer health events (see `HealthEvents`). */
  readonly health: HealthMonitor;
  /** Where the admin server listens (`host:port`), or `undefined` without an `admin` section. */
  readonly adminAddress: string | undefined;
  /** `http://<adminAddress>`: what a joining node lists in `join.seeds`. */
  readonly adminUrl: string | undefined;
  /**
   * Stops the admin server (dropping requests still waiting), the health monitor, the node (which
   * closes the transport), then closes the stores. Idempotent; rejects with the first failure after
   * trying every step.
   */
  stop(): Promise<void>;
}
