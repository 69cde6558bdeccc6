import type { InitialMember, RaftConfig, RaftConfigDefaults } from '@raft/core';

/** A duration: a number of milliseconds, or a string with a unit: `"150ms"`, `"2s"`, `"5m"`, `"1h"`. */
export type Duration = number | string;

/**
 * The `raft` section: every `@raft/core` tuning key (`RaftConfigDefaults`), with the `Ms` suffix
 * dropped from durations, which take a {@link Duration} (`heartbeatTimeoutMs` → `heartbeatTimeout`).
 */
export type RaftTuningInput = {
  readonly [Key in keyof RaftConfigDefaults as Key extends `${infer Base}Ms`
    ? Base
    : Key]?: Key extends `${string}Ms` ? Duration : RaftConfigDefaults[Key];
};

/** The `storage` section: an engine and that engine's options. */
export type StorageConfigInput =
  | { readonly engine: 'memory' }
  | {
      readonly engine: 'sqlite';
      readonly synchronous?: 'full' | 'normal';
      readonly verifyOnOpen?: 'full' | 'quick' | 'none';
      readonly maxSizeBytes?: number;
      readonly walSizeLimitBytes?: number;
      readonly writeOnWorkerThread?: boolean;
      readonly retainSnapshots?: number;
    }
  | {
      readonly engine: 'lmdb';
      readonly noSync?: boolean;
      readonly verifyOnOpen?: 'full' | 'quick';
      readonly commitOnWorkerThread?: boolean;
      readonly retainSnapshots?: number;
    };

/** The `transport` section. Give exactly one of `secret` and `secretFile`. */
export interface TransportConfigInput {
  readonly kind: TransportKind;
  /** `host:port` to bind; defaults to `node.raftAddress`. */
  readonly listen?: string;
  readonly clusterId?: string;
  readonly secret?: string;
  readonly secretFile?: string;
  readonly tls?: {
    readonly certFile: string;
    readonly keyFile: string;
    readonly caFile?: string;
    readonly requireClientCertificate?: boolean;
    readonly serverName?: string;
  };
  readonly connectTimeout?: Duration;
  readonly maxBatchBytes?: number;
  readonly maxBatchMessages?: number;
  readonly maxQueuedMessages?: number;
  readonly backoff?: { readonly initialDelay?: Duration; readonly maxDelay?: Duration };
  /** HTTP only. */
  readonly requestTimeout?: Duration;
  /** HTTP only. */
  readonly maxBodyBytes?: number;
  /** gRPC only. */
  readonly writeTimeout?: Duration;
  /** gRPC only. */
  readonly keepaliveTime?: Duration;
  /** gRPC only. */
  readonly keepaliveTimeout?: Duration;
  /** gRPC only. */
  readonly maxMessageBytes?: number;
}

/**
 * A cluster node's configuration as written: a YAML file's content or an object. Every key is
 * documented in the package README; `validateClusterConfig` checks it and returns a
 * {@link ClusterConfig}.
 */
export interface ClusterConfigInput {
  readonly node: {
    readonly id: string;
    /** `host:port`: where peers dial this node's transport (and, unless `transport.listen`, where it listens). */
    readonly raftAddress: string;
    /** An existing directory for the durable stores; required by the `sqlite` and `lmdb` engines. */
    readonly dataDir?: string;
  };
  readonly raft?: RaftTuningInput;
  readonly storage: StorageConfigInput;
  readonly transport: TransportConfigInput;
  /** The members a new cluster bootstraps with, this node among them. Exclusive with `join`. */
  readonly members?: readonly InitialMember[];
  /** Join an existing cluster through any member's admin server. Exclusive with `members`. */
  readonly join?: {
    readonly seeds: readonly string[];
    readonly timeout?: Duration;
    readonly voter?: boolean;
    readonly backoff?: { readonly initialDelay?: Duration; readonly maxDelay?: Duration };
  };
  readonly admin?: {
    readonly listen: string;
    readonly maxBodyBytes?: number;
    readonly membershipTimeout?: Duration;
  };
  readonly health?: { readonly maxLagEntries?: number; readonly checkInterval?: Duration };
}

/** The storage engines `storage.engine` selects. */
export type StorageEngine = 'sqlite' | 'lmdb' | 'memory';

/** The transports `transport.kind` selects. */
export type TransportKind = 'http' | 'grpc';

/** A validated listening address. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/** Validated `storage`: the engine and its options (in the adapter's own option names). */
export type StorageConfig =
  | { readonly engine: 'memory' }
  | {
      readonly engine: 'sqlite';
      readonly dataDir: string;
      readonly retainSnapshots: number | undefined;
      readonly synchronous: 'full' | 'normal' | undefined;
      readonly verifyOnOpen: 'full' | 'quick' | 'none' | undefined;
      readonly maxSizeBytes: number | undefined;
      readonly walSizeLimitBytes: number | undefined;
      readonly writeOnWorkerThread: boolean | undefined;
    }
  | {
      readonly engine: 'lmdb';
      readonly dataDir: string;
      readonly retainSnapshots: number | undefined;
      readonly noSync: boolean | undefined;
      readonly verifyOnOpen: 'full' | 'quick' | undefined;
      readonly commitOnWorkerThread: boolean | undefined;
    };

/** Validated `transport.tls`: file paths, read when the node starts. */
export interface TlsFilesConfig {
  readonly certFile: string;
  readonly keyFile: string;
  readonly caFile: string | undefined;
  readonly requireClientCertificate: boolean | undefined;
  readonly serverName: string | undefined;
}

/** Validated `transport`. Durations are in ms; `undefined` leaves the transport's default. */
export interface TransportConfig {
  readonly kind: TransportKind;
  readonly listen: HostPort;
  readonly clusterId: string | undefined;
  /** Exactly one of `secret` and `secretFile` is set. */
  readonly secret: string | undefined;
  readonly secretFile: string | undefined;
  readonly tls: TlsFilesConfig | undefined;
  readonly connectTimeoutMs: number | undefined;
  readonly maxBatchBytes: number | undefined;
  readonly maxBatchMessages: number | undefined;
  readonly maxQueuedMessages: number | undefined;
  readonly backoff: { readonly initialDelayMs?: number; readonly maxDelayMs?: number } | undefined;
  /** HTTP only. */
  readonly requestTimeoutMs: number | undefined;
  /** HTTP only. */
  readonly maxBodyBytes: number | undefined;
  /** gRPC only. */
  readonly writeTimeoutMs: number | undefined;
  /** gRPC only. */
  readonly keepaliveTimeMs: number | undefined;
  /** gRPC only. */
  readonly keepaliveTimeoutMs: number | undefined;
  /** gRPC only. */
  readonly maxMessageBytes: number | undefined;
}

/** Validated `join`. */
export interface JoinConfig {
  /** Admin server base URLs of existing members, tried in turn. */
  readonly seeds: readonly string[];
  readonly timeoutMs: number;
  readonly voter: boolean;
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
}

/** Validated `admin`. */
export interface AdminConfig {
  readonly listen: HostPort;
  readonly maxBodyBytes: number;
  readonly membershipTimeoutMs: number;
}

/** Validated `health`. */
export interface HealthConfig {
  readonly maxLagEntries: number;
  readonly checkIntervalMs: number;
}

/** A validated, complete configuration: what `startClusterNode` runs. Frozen. */
export interface ClusterConfig {
  /** The `@raft/core` config: node identity, tuning and initial members, checked by `validateConfig`. */
  readonly raft: RaftConfig;
  readonly storage: StorageConfig;
  readonly transport: TransportConfig;
  /** Set when the node joins an existing cluster; then `raft.initialMembers` is empty. */
  readonly join: JoinConfig | undefined;
  /** `undefined` runs no admin server. */
  readonly admin: AdminConfig | undefined;
  readonly health: HealthConfig;
}
