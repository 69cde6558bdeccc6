// Public API of @raft/cluster.

export type { ClusterNode } from './cluster-node.js';
export type {
  AdminConfig,
  ClusterConfig,
  ClusterConfigInput,
  Duration,
  HealthConfig,
  HostPort,
  JoinConfig,
  RaftTuningInput,
  StorageConfig,
  StorageConfigInput,
  StorageEngine,
  TlsFilesConfig,
  TransportConfig,
  TransportConfigInput,
  TransportKind,
} from './config/cluster-config.js';
export { loadClusterConfigFile, parseClusterConfigYaml } from './config/load-config-file.js';
export { validateClusterConfig } from './config/validate-cluster-config.js';
export { AdapterMissingError } from './errors/adapter-missing-error.js';
export { ConfigFileError } from './errors/config-file-error.js';
export { JoinRefusedError } from './errors/join-refused-error.js';
export { JoinTimeoutError } from './errors/join-timeout-error.js';
export type {
  HealthEventName,
  HealthEvents,
  LeaderFoundEvent,
  LeaderLostEvent,
  PeerActivityEvent,
  PeerLagEvent,
} from './health/health-events.js';
export { HealthMonitor, type HealthMonitorOptions, type PeerHealth } from './health/health-monitor.js';
export { type StartClusterNodeOptions, startClusterNode } from './start-cluster-node.js';
