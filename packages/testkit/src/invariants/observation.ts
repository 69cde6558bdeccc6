import type { Entry, Membership, Role } from '@raft/core';

/**
 * What the simulation sees of one node at one instant. Built from the node's status and its disk,
 * without going through any asynchronous API, so that it can be taken after every step.
 */
export interface NodeObservation {
  readonly id: string;
  /** False while the node is crashed or stopped; its other fields then describe its durable state. */
  readonly running: boolean;
  /** Bumped each time the node restarts, so checks can tell a new process from the old one. */
  readonly incarnation: number;
  /** The node's role, or `stopped` when it is not running. */
  readonly role: Role | 'stopped';
  readonly term: number;
  readonly leaderId: string | undefined;
  readonly commitIndex: number;
  /**
   * The node's current log, including entries not yet durable: `log[i]` has index
   * `logBaseIndex + 1 + i`.
   */
  readonly log: readonly Entry[];
  /** The index just before the first entry of `log` (the last compacted index; 0 without compaction). */
  readonly logBaseIndex: number;
  /**
   * Optional: a number that changes whenever `log` changes (append, truncation, compaction, crash).
   * When present, checks skip logs they already examined at this version, which keeps per-step
   * checking cheap on long runs; when absent, every log is examined every time.
   */
  readonly logVersion?: number;
  /** The last index the node applied (or skipped, for noop and config entries) to its state machine. */
  readonly appliedIndex: number;
  /**
   * Optional: the configuration in effect on a running node (the latest one in its log, committed
   * or not, thesis §4.1). Checked by `NoDisjointMajorities` when present.
   */
  readonly membership?: Membership | undefined;
}

/** The whole cluster at one simulation step. */
export interface ClusterObservation {
  /** The simulation step this observation was taken after (monotonic). */
  readonly step: number;
  /** The virtual time, in ms. */
  readonly timeMs: number;
  readonly nodes: readonly NodeObservation[];
}

/** An entry a node handed to its state machine, as recorded by the simulation. */
export interface AppliedEntryRecord {
  readonly nodeId: string;
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
  /**
   * Optional: a digest of the state machine's whole applied history through this entry (a hash
   * chain). Lets State Machine Safety compare a state restored from a snapshot with what others applied.
   */
  readonly stateDigest?: string | undefined;
}

/**
 * A state machine replaced its state with a snapshot's: it now stands as if it had applied every
 * entry through `index` (the last entry the snapshot's state reflects), with that history's digest.
 */
export interface RestoredStateRecord {
  readonly nodeId: string;
  readonly index: number;
  readonly stateDigest: string;
}

/** A proposal whose `propose` call resolved: the client was told it committed. */
export interface AcknowledgedProposal {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
  /** The node that acknowledged it (for explanations). */
  readonly nodeId: string;
}

/** The last index present in a node's log (its base index when the log is empty). */
export function lastLogIndex(node: NodeObservation): number {
  return node.logBaseIndex + node.log.length;
}

/** The entry at `index` in a node's log, or undefined when compacted away or beyond the end. */
export function entryAt(node: NodeObservation, index: number): Entry | undefined {
  return index <= node.logBaseIndex ? undefined : node.log[index - node.logBaseIndex - 1];
}
