import type { Ready } from '../engine/ready.js';
import { StorageError } from '../errors/storage-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { SnapshotMetadata, SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { StateMachine } from '../interfaces/state-machine.js';
import type { Transport } from '../interfaces/transport.js';
import type { Entry } from '../types/entry.js';
import type { HardState } from '../types/hard-state.js';
import type { Message } from '../types/message.js';
import type { ForwardedProposals } from './forwarded-proposals.js';
import { guardStorage } from './guard-storage.js';
import { peersOf } from './peers.js';
import type { ProposalTracker } from './proposal-tracker.js';
import type { ReadTracker } from './read-tracker.js';
import { restoreStateMachine } from './restore-state-machine.js';

/** What a {@link ReadyProcessor} works with. */
export interface ReadyProcessorOptions {
  readonly nodeId: string;
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  readonly transport: Transport;
  readonly stateMachine: StateMachine;
  readonly tracker: ProposalTracker;
  readonly forwarded: ForwardedProposals;
  readonly reads: ReadTracker;
  /** Whether the node still runs: checked after every await, since `stop()` may come meanwhile. */
  readonly isRunning: () => boolean;
}

/**
 * Carries out steps 1 to 4 of a Ready (see `ready.ts`): (install a snapshot →) persist → send →
 * apply → hand out results.
 * The driver then calls `engine.advance`. Store and state machine failures reject with a
 * `StorageError`, which the driver treats as fatal.
 */
export class ReadyProcessor {
  private applied = 0;
  // The term and vote the stable store holds: a leader's early appends must not outrun them.
  private durableTerm = 0;
  private durableVote: string | undefined;

  constructor(private readonly options: ReadyProcessorOptions) {}

  /** The last index applied to the state machine. */
  get appliedIndex(): number {
    return this.applied;
  }

  /**
   * Sets the applied index the node starts from (the snapshot it restarted from, or 0) and the
   * hard state its stable store holds.
   */
  startFrom(appliedIndex: number, durable: HardState): void {
    this.applied = appliedIndex;
    this.durableTerm = durable.term;
    this.durableVote = durable.votedFor;
  }

  /**
   * Carries out `ready` up to (not including) `advance`. Resolves `false` when the node stopped
   * midway: the Ready is then abandoned, and must not be advanced.
   */
  async carryOut(ready: Ready): Promise<boolean> {
    const { transport, forwarded, reads, isRunning } = this.options;

    // 0. An installed snapshot replaces the log: restore from it before any entry after it lands.
    if (ready.snapshot !== undefined) {
      await this.installSnapshot(ready.snapshot);
      if (!isRunning()) return false;
    }

    // Peers before sending: this batch's replies may go to a member its own config entry added
    // (a joining node learns the leader's address from the log it just appended).
    if (ready.membership !== undefined) transport.setPeers(peersOf(ready.membership, this.options.nodeId));

    // 1. Persist, and wait until durable: the messages below may promise it (a vote, an append ack).
    // A leader's appends and heartbeats promise nothing about its own disk, so they go out first
    // and the followers' writes overlap the leader's (thesis §10.2.1); the engine counts the
    // leader's own copy towards a majority only once `advance` reports it durable.
    const { entries, hardState } = ready;
    let messages = ready.messages;
    if ((entries.length > 0 || hardState !== undefined) && this.termAndVoteDurable(hardState)) {
      const { early, late } = splitLeaderReplication(messages);
      if (early.length > 0) transport.send(early);
      messages = late;
    }
    if (entries.length > 0 && hardState !== undefined) {
      await Promise.all([this.appendEntries(entries), this.saveHardState(hardState, entries)]);
    } else if (entries.length > 0) {
      await this.appendEntries(entries);
    } else if (hardState !== undefined) {
      await this.saveHardState(hardState, entries);
    }
    if (!isRunning()) return false;

    // 2. Send.
    if (messages.length > 0) transport.send(messages);

    // The leader's answers to forwarded proposals before applying: their entries may be among
    // those this batch commits, and must be tracked by index before they are applied.
    for (const result of ready.forwardedProposalResults) forwarded.resolve(result);

    // 3. Apply.
    if (ready.committedEntries.length > 0) {
      await this.apply(ready.committedEntries);
      if (!isRunning()) return false;
    }

    // 4. Reads: confirmed ones wait until the state machine has caught up with their index.
    for (const result of ready.readResults) reads.onResult(result, this.applied);
    reads.onApplied(this.applied);
    return true;
  }

  /**
   * Restores the state machine from a snapshot the engine installed (it is in the snapshot store
   * already), clears the log store, and moves the applied index to the snapshot's. Proposals
   * waiting on the entries it replaced learn that their outcome is unknown. Failures are fatal.
   */
  private async installSnapshot(snapshot: SnapshotMetadata): Promise<void> {
    const { logStore, snapshotStore, stateMachine, tracker } = this.options;
    await restoreStateMachine(snapshotStore, stateMachine, snapshot);
    // The whole stored log is replaced (the engine dropped it): entries after the snapshot come
    // with this or later Readys, appended to an empty store.
    const lastIndex = await guardStorage('read the last log index', () => logStore.lastIndex());
    const throughIndex = Math.max(lastIndex, snapshot.lastIncludedIndex);
    await guardStorage('clear the log for a snapshot', () => logStore.compact(throughIndex));
    this.applied = snapshot.lastIncludedIndex;
    tracker.skipThrough(snapshot.lastIncludedIndex);
  }

  /** Whether `hardState` (this Ready's, if any) changes neither the durable term nor the vote. */
  private termAndVoteDurable(hardState: HardState | undefined): boolean {
    return (
      hardState === undefined ||
      (hardState.term === this.durableTerm && hardState.votedFor === this.durableVote)
    );
  }

  private appendEntries(entries: readonly Entry[]): Promise<void> {
    return guardStorage('append entries', () => this.options.logStore.append(entries));
  }

  /**
   * Saves `hardState`, written in parallel with `entries` (the same Ready's new entries).
   *
   * The log and the hard state live in separate stores, so a crash can leave one written and not
   * the other. If the saved commit index covered an entry of this Ready and only the hard state
   * made it to disk, the restarted node would hold an older, uncommitted entry at that index and
   * treat it as committed (breaking State Machine Safety, paper §5.4.3). So the saved commit index
   * never reaches past the entries that were already durable before this Ready. A stale commit
   * index is always safe: the node re-learns it from the leader.
   */
  private saveHardState(hardState: HardState, entries: readonly Entry[]): Promise<void> {
    const firstNew = entries[0];
    const safe =
      firstNew !== undefined && hardState.commitIndex >= firstNew.index
        ? { term: hardState.term, votedFor: hardState.votedFor, commitIndex: firstNew.index - 1 }
        : hardState;
    return guardStorage('save hard state', async () => {
      await this.options.stableStore.save(safe);
      this.durableTerm = safe.term;
      this.durableVote = safe.votedFor;
    });
  }

  /**
   * Applies committed entries in order. Only `normal` entries reach the state machine; `noop` and
   * `config` entries just count as applied. An asynchronous result is awaited before the next
   * entry (`apply` never runs concurrently); a synchronous one costs no extra microtask.
   *
   * A state machine that throws stops the node: `apply` must be deterministic, so a command it
   * cannot execute should produce an error *value*, and a throw means its state can no longer be
   * trusted (it may have half-applied the entry).
   */
  private async apply(entries: readonly Entry[]): Promise<void> {
    const { stateMachine, tracker, isRunning } = this.options;
    for (const entry of entries) {
      let result: unknown;
      if (entry.type === 'normal') {
        try {
          // The entry itself is an AppliedEntry (plus `type`): no copy per entry.
          result = stateMachine.apply(entry);
          if (isPromiseLike(result)) result = await result;
        } catch (cause) {
          throw new StorageError(`apply entry ${entry.index} to the state machine`, { cause });
        }
        if (!isRunning()) return;
      }
      this.applied = entry.index;
      tracker.settle(entry.index, entry.term, result);
    }
  }
}

/**
 * Splits a Ready's messages, in one pass, into a leader's replication traffic (appends and
 * heartbeats, which may leave before the leader's own write is durable) and the rest.
 */
function splitLeaderReplication(messages: readonly Message[]): {
  early: Message[];
  late: readonly Message[];
} {
  const early: Message[] = [];
  const late: Message[] = [];
  for (const message of messages) {
    if (message.type === 'append-entries' || message.type === 'heartbeat') early.push(message);
    else late.push(message);
  }
  // Most Readys are all one kind: keep the original array when nothing moved.
  return early.length === 0 ? { early, late: messages } : { early, late };
}

/** Whether `value` is a promise or another thenable (what `apply` may return). */
function isPromiseLike(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}
