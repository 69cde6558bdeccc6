import type { Clock, RaftNode, TimerHandle } from '@raft/core';
import type { HealthEventName, HealthEvents } from './health-events.js';

/** Options of {@link HealthMonitor}. */
export interface HealthMonitorOptions {
  readonly node: RaftNode;
  readonly clock: Clock;
  /** A peer not seen active for this long is inactive, in ms: the node's election timeout. */
  readonly electionTimeoutMs: number;
  /** A peer more than this many entries behind the leader's last index is lagging. */
  readonly maxLagEntries: number;
  /** How often the leader samples its peers, in ms. */
  readonly checkIntervalMs: number;
}

/** The leader's view of one peer, as of the monitor's last check. */
export interface PeerHealth {
  readonly id: string;
  readonly matchIndex: number;
  readonly lagEntries: number;
  /** The engine's flag: heard from within the current election timeout window. */
  readonly recentlyActive: boolean;
  /** Not seen active for an election timeout. */
  readonly inactive: boolean;
  /** More than `maxLagEntries` behind. */
  readonly lagging: boolean;
}

interface PeerTrack {
  lastActiveAt: number;
  inactive: boolean;
  lagging: boolean;
}

type Listener<Name extends HealthEventName> = (payload: HealthEvents[Name]) => void;

/**
 * Watches a node and emits {@link HealthEvents} when it loses or regains a known leader and, while
 * it leads, when a peer goes quiet or falls behind.
 *
 * Leader changes come from the node's `leader-changed` event. Peers are sampled every
 * `checkIntervalMs`: the engine's `recentlyActive` flag resets at the start of each election
 * timeout window and is set again by the next answer, so a single `false` means little; a peer
 * counts as inactive only when no sample saw it active for a whole election timeout.
 */
export class HealthMonitor {
  readonly #options: HealthMonitorOptions;
  readonly #listeners = new Map<HealthEventName, Set<(payload: never) => void>>();
  readonly #tracks = new Map<string, PeerTrack>();
  #peers: readonly PeerHealth[] = [];
  #leaderId: string | undefined;
  #trackedTerm = -1;
  #timer: TimerHandle | undefined;
  #unsubscribe: (() => void) | undefined;

  constructor(options: HealthMonitorOptions) {
    this.#options = options;
  }

  /** Starts watching. The leader known now is the baseline: no event for it. */
  start(): void {
    if (this.#unsubscribe !== undefined) return;
    this.#leaderId = this.#options.node.leader();
    this.#unsubscribe = this.#options.node.on('leader-changed', ({ leaderId, term }) =>
      this.#observeLeader(leaderId, term),
    );
    this.#schedule();
  }

  /** Stops watching; no event is emitted afterwards. Idempotent. */
  stop(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#timer !== undefined) this.#options.clock.clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  /** The leader this node knows, as of the last `leader-changed` event. */
  leaderId(): string | undefined {
    return this.#leaderId;
  }

  /** Each peer's health as of the last check; empty unless this node leads. */
  peers(): readonly PeerHealth[] {
    return this.#peers;
  }

  /** Samples the node's peers now (also done every `checkIntervalMs`), emitting what changed. */
  check(): void {
    const status = this.#options.node.status();
    if (status.progress === undefined) {
      this.#tracks.clear();
      this.#peers = [];
      return;
    }
    if (status.term !== this.#trackedTerm) {
      // A new reign: every peer starts with a fresh grace period.
      this.#tracks.clear();
      this.#trackedTerm = status.term;
    }
    const now = this.#options.clock.now();
    const peers: PeerHealth[] = [];
    for (const [id, progress] of status.progress) {
      const track = this.#tracks.get(id) ?? { lastActiveAt: now, inactive: false, lagging: false };
      this.#tracks.set(id, track);
      if (progress.recentlyActive) track.lastActiveAt = now;
      const inactiveForMs = now - track.lastActiveAt;
      const inactive = inactiveForMs >= this.#options.electionTimeoutMs;
      if (inactive !== track.inactive) {
        track.inactive = inactive;
        this.#emit(inactive ? 'peer-inactive' : 'peer-active', { peerId: id, inactiveForMs });
      }
      const lagEntries = Math.max(0, status.lastIndex - progress.matchIndex);
      const lagging = lagEntries > this.#options.maxLagEntries;
      if (lagging !== track.lagging) {
        track.lagging = lagging;
        this.#emit(lagging ? 'peer-lagging' : 'peer-caught-up', { peerId: id, lagEntries });
      }
      peers.push({
        id,
        matchIndex: progress.matchIndex,
        lagEntries,
        recentlyActive: progress.recentlyActive,
        inactive,
        lagging,
      });
    }
    for (const id of this.#tracks.keys()) if (!status.progress.has(id)) this.#tracks.delete(id);
    this.#peers = peers;
  }

  /** Subscribes to an event; returns a function that unsubscribes. */
  on<Name extends HealthEventName>(event: Name, listener: Listener<Name>): () => void {
    let listeners = this.#listeners.get(event);
    if (listeners === undefined) {
      listeners = new Set();
      this.#listeners.set(event, listeners);
    }
    const stored = listener as (payload: never) => void;
    listeners.add(stored);
    return () => listeners.delete(stored);
  }

  #observeLeader(leaderId: string | undefined, term: number): void {
    const previousLeaderId = this.#leaderId;
    this.#leaderId = leaderId;
    if (leaderId === previousLeaderId) return;
    if (leaderId === undefined) {
      if (previousLeaderId !== undefined) this.#emit('leader-lost', { previousLeaderId, term });
      return;
    }
    this.#emit('leader-found', { leaderId, term });
  }

  #emit<Name extends HealthEventName>(event: Name, payload: HealthEvents[Name]): void {
    for (const listener of this.#listeners.get(event) ?? []) (listener as Listener<Name>)(payload);
  }

  #schedule(): void {
    this.#timer = this.#options.clock.setTimeout(() => {
      this.check();
      this.#schedule();
    }, this.#options.checkIntervalMs);
  }
}
