import type { Membership } from '../types/membership.js';
import type { Role } from './ready.js';

/** How the leader replicates to one follower (thesis §10.2, etcd's progress states). */
export type ReplicationState = 'probe' | 'replicate' | 'snapshot';

/** The leader's view of one peer's log. Invariant: `matchIndex < nextIndex`. */
export interface PeerProgress {
  /** The highest index known to match the leader's log. */
  readonly matchIndex: number;
  /** The next index the leader will send. */
  readonly nextIndex: number;
  readonly state: ReplicationState;
  /** Append messages sent and not yet acknowledged. */
  readonly inflightAppends: number;
  /** Whether the peer was heard from within the current election timeout. */
  readonly recentlyActive: boolean;
}

/** A read-only snapshot of the engine's state, for status pages and tests. */
export interface EngineStatus {
  readonly id: string;
  readonly role: Role;
  readonly term: number;
  readonly votedFor: string | undefined;
  readonly leaderId: string | undefined;
  readonly commitIndex: number;
  /** The highest index handed out in `Ready.committedEntries` (and acknowledged by `advance`). */
  readonly appliedIndex: number;
  readonly lastIndex: number;
  readonly lastTerm: number;
  /** The membership in effect (the latest in the log, committed or not). */
  readonly membership: Membership;
  /** Per-peer replication progress; present on the leader only. */
  readonly progress: ReadonlyMap<string, PeerProgress> | undefined;
  /** The peer a leadership transfer is in progress to, if any. */
  readonly transferTarget: string | undefined;
  /** Peer messages dropped as malformed or impossible since start. */
  readonly droppedMessages: number;
}
