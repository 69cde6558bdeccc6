import type { RaftConfig } from './raft-config.js';

/**
 * The least `electionTimeoutMs / heartbeatTimeoutMs` allowed. A follower must see several
 * heartbeats per election timeout, so that one or two delayed or lost heartbeats do not start a
 * needless election (paper §5.6: broadcast time ≪ election timeout). etcd and hashicorp/raft default
 * to 10×; 3× is the floor, so that a follower still hears from the leader after two lost heartbeats.
 */
export const MIN_ELECTION_TO_HEARTBEAT_RATIO = 3;

/** The engine's timeouts, counted in ticks of `tickIntervalMs`. */
export interface EngineTicks {
  /** Ticks between leader heartbeats. Invariant: `>= 1`. */
  readonly heartbeatTicks: number;
  /** The base election timeout in ticks. Invariant: `>= 3 × heartbeatTicks`, so `> heartbeatTicks`. */
  readonly electionTicks: number;
}

/**
 * Converts a validated config's millisecond timeouts into engine ticks, rounding to the nearest
 * tick.
 *
 * Rounding can erode the ratio `validateConfig` enforced (heartbeat 15 ms and election 45 ms at
 * 10 ms ticks round to 2 and 5 ticks), so `electionTicks` is raised to at least
 * {@link MIN_ELECTION_TO_HEARTBEAT_RATIO} × `heartbeatTicks`: at most a couple of ticks longer
 * than asked, and never an election timeout that a heartbeat or two of jitter can trip.
 */
export function engineTicksFromConfig(
  config: Pick<RaftConfig, 'tickIntervalMs' | 'heartbeatTimeoutMs' | 'electionTimeoutMs'>,
): EngineTicks {
  const heartbeatTicks = Math.max(1, Math.round(config.heartbeatTimeoutMs / config.tickIntervalMs));
  const electionTicks = Math.max(
    Math.round(config.electionTimeoutMs / config.tickIntervalMs),
    MIN_ELECTION_TO_HEARTBEAT_RATIO * heartbeatTicks,
  );
  return { heartbeatTicks, electionTicks };
}
