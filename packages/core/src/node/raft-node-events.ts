import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { Membership } from '../types/membership.js';
import type { NodeState } from './node-state.js';

/** Payload of `leader-changed`: the node learned of a new leader, or lost track of one. */
export interface LeaderChangedEvent {
  /** The new leader, or `undefined` while none is known (an election is under way). */
  readonly leaderId: string | undefined;
  readonly term: number;
}

/** Payload of `role-changed`: this node's own state changed. */
export interface RoleChangedEvent {
  readonly state: NodeState;
  readonly previousState: NodeState;
  readonly term: number;
}

/** Payload of `membership-changed`: a configuration entry was appended (it takes effect at once, thesis §4.1). */
export interface MembershipChangedEvent {
  readonly membership: Membership;
}

/** Payload of `fatal-error`: the node stopped because it can no longer trust its state. */
export interface FatalErrorEvent {
  /** Usually a `StorageError`, with the store's own error as `cause`. */
  readonly error: Error;
}

/**
 * Payload of `snapshot-taken`: this node took a snapshot, registered it and compacted its log
 * behind it (keeping `trailingLogs` entries).
 */
export interface SnapshotTakenEvent {
  readonly metadata: SnapshotMetadata;
}

/**
 * Payload of `snapshot-installed`: a leader sent this node a snapshot, which replaced its log and
 * its state machine's state.
 */
export interface SnapshotInstalledEvent {
  readonly metadata: SnapshotMetadata;
}

/** The events a {@link RaftNode} emits, by name. Listeners run synchronously, inside the driver loop. */
export interface RaftNodeEvents {
  'leader-changed': LeaderChangedEvent;
  'role-changed': RoleChangedEvent;
  'membership-changed': MembershipChangedEvent;
  'fatal-error': FatalErrorEvent;
  'snapshot-taken': SnapshotTakenEvent;
  'snapshot-installed': SnapshotInstalledEvent;
}

/** The name of a {@link RaftNode} event. */
export type RaftNodeEventName = keyof RaftNodeEvents;
