/** Payload of `leader-lost`: this node no longer knows a leader (an election is under way, or it is cut off). */
export interface LeaderLostEvent {
  readonly previousLeaderId: string;
  readonly term: number;
}

/** Payload of `leader-found`: this node knows a leader again (or a different one than before). */
export interface LeaderFoundEvent {
  readonly leaderId: string;
  readonly term: number;
}

/** Payload of `peer-inactive` and `peer-active` (leader only). */
export interface PeerActivityEvent {
  readonly peerId: string;
  /** How long ago the leader last saw the peer active, in ms. */
  readonly inactiveForMs: number;
}

/** Payload of `peer-lagging` and `peer-caught-up` (leader only). */
export interface PeerLagEvent {
  readonly peerId: string;
  /** The leader's last index minus the peer's match index, in entries. */
  readonly lagEntries: number;
}

/** The events a `HealthMonitor` emits, by name. Each is an edge: emitted once per change. */
export interface HealthEvents {
  'leader-lost': LeaderLostEvent;
  'leader-found': LeaderFoundEvent;
  /** A peer has not been active for an election timeout. */
  'peer-inactive': PeerActivityEvent;
  /** An inactive peer answers again. */
  'peer-active': PeerActivityEvent;
  /** A peer fell more than `health.maxLagEntries` behind. */
  'peer-lagging': PeerLagEvent;
  /** A lagging peer is back within `health.maxLagEntries`. */
  'peer-caught-up': PeerLagEvent;
}

/** The name of a {@link HealthEvents} event. */
export type HealthEventName = keyof HealthEvents;
