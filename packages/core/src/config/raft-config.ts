/** A member of the cluster a brand-new node bootstraps with. */
export interface InitialMember {
  readonly id: string;
  readonly address: string;
}

/**
 * The configuration of one Raft node. Times are in milliseconds; the driver turns them into engine
 * ticks of `tickIntervalMs`.
 */
export interface RaftConfig {
  /** This node's id: unique in the cluster, stable across restarts. */
  readonly nodeId: string;
  /** The address peers reach this node's transport at. `validateConfig` defaults it to `nodeId`. */
  readonly raftAddress: string;
  /** Where durable adapters keep their files; unused by the in-memory stores. */
  readonly dataDir: string | undefined;
  /** The interval between leader heartbeats, in ms. */
  readonly heartbeatTimeoutMs: number;
  /** How long a follower waits without hearing from a leader before campaigning, in ms (randomized up to 2×). */
  readonly electionTimeoutMs: number;
  /** The engine's clock resolution, in ms; heartbeat and election timeouts are rounded to it. */
  readonly tickIntervalMs: number;
  /**
   * Take a snapshot at least this often (if anything was applied since the last one), in ms.
   * 0 turns time-based snapshots off; `snapshotThreshold` still applies.
   */
  readonly snapshotIntervalMs: number;
  /** Take a snapshot once this many entries were applied since the last one. */
  readonly snapshotThreshold: number;
  /** Entries kept in the log behind a snapshot, so a slightly lagging follower catches up from the log. */
  readonly trailingLogs: number;
  /**
   * The payload bytes one `install-snapshot` message carries when a leader streams a snapshot to a
   * follower (at least 1 KiB). Bigger chunks cost fewer round trips; smaller ones keep each
   * message, and the window of unacknowledged chunks, small.
   */
  readonly snapshotChunkBytes: number;
  /**
   * How close to the leader's last index a joining learner must be before `join(..., { voter: true })`
   * promotes it, in entries. A voter that is far behind would stall commits until it caught up.
   */
  readonly learnerCatchUpEntries: number;
  /** The most entries one append message carries. */
  readonly maxEntriesPerAppend: number;
  /** The most entry bytes one append message carries. */
  readonly maxBytesPerAppend: number;
  /** The most append messages in flight to one follower. */
  readonly maxInflightAppends: number;
  /** The most entry bytes in flight to one follower. */
  readonly maxInflightBytes: number;
  /** Run a pre-vote round before campaigning, so a rejoining node cannot depose a healthy leader. */
  readonly preVote: boolean;
  /** Step down as leader when a majority has not been heard from within an election timeout. */
  readonly checkQuorum: boolean;
  /** Serve linearizable reads on the leader from a time lease instead of a heartbeat round (opt-in; trusts clocks). */
  readonly leaseReads: boolean;
  /**
   * The members a brand-new cluster starts with. A node whose stores are empty and that is listed
   * here bootstraps the cluster; a node that is not listed waits to be added with `join`.
   */
  readonly initialMembers: readonly InitialMember[];
}

/** The settings that have defaults. */
export type RaftConfigDefaults = Omit<RaftConfig, 'nodeId' | 'raftAddress' | 'dataDir' | 'initialMembers'>;

/** The configuration a caller supplies: identity, plus any default it overrides. */
export type RaftConfigInput = Pick<RaftConfig, 'nodeId'> & Partial<Omit<RaftConfig, 'nodeId'>>;

/** The default tuning: suits nodes on one LAN or one region. */
export function defaultConfig(): RaftConfigDefaults {
  return {
    heartbeatTimeoutMs: 100,
    electionTimeoutMs: 1000,
    tickIntervalMs: 10,
    snapshotIntervalMs: 5 * 60 * 1000,
    snapshotThreshold: 8192,
    trailingLogs: 10240,
    snapshotChunkBytes: 256 * 1024,
    learnerCatchUpEntries: 1024,
    maxEntriesPerAppend: 1024,
    maxBytesPerAppend: 1024 * 1024,
    maxInflightAppends: 64,
    maxInflightBytes: 16 * 1024 * 1024,
    preVote: true,
    checkQuorum: true,
    leaseReads: false,
  };
}
