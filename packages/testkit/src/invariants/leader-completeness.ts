import type { Entry } from '@raft/core';
import type { Invariant } from './invariant.js';
import { type ClusterObservation, entryAt, lastLogIndex, type NodeObservation } from './observation.js';
import { entrySummary, sameEntry } from './same-entry.js';
import type { Violation } from './violation.js';

/** A committed entry, with what the observations tell about when it was committed. */
interface CommittedEntry {
  readonly entry: Entry;
  /** The step at which some node's commit index first covered it. */
  readonly step: number;
  /**
   * An upper bound on the term it was committed in: the lowest current term among the nodes whose
   * commit index covered it at that step (a node learns commits only from leaders of terms <= its own).
   */
  readonly commitTermBound: number;
  readonly nodeId: string;
}

interface LeaderReign {
  readonly firstStep: number;
  /** How many entries of the committed list have been checked against this leader. */
  checked: number;
}

/**
 * Leader Completeness (Raft paper §5.4, Figure 3): if an entry is committed in a given term, it is
 * present in the logs of the leaders of all higher terms.
 *
 * An entry counts as committed once a node's commit index covers it (counting only indexes within
 * that node's log). The term it was committed in is not observable, so a leader is held to an entry
 * when either bound proves it was elected after the commit: its term exceeds the commit-term bound,
 * or it was first seen leading after the commit was seen (a leader elected after a commit must hold
 * it, §5.4.3). Also reports two different entries committed at one index.
 */
export class LeaderCompleteness implements Invariant {
  readonly name = 'Leader Completeness';
  private readonly committedByIndex = new Map<number, CommittedEntry>();
  /** Committed entries in the order they were first seen; leaders are checked against it incrementally. */
  private readonly committed: CommittedEntry[] = [];
  private readonly nodeProgress = new Map<string, { incarnation: number; checkedThrough: number }>();
  private readonly reigns = new Map<string, LeaderReign>();

  check(observation: ClusterObservation): Violation | undefined {
    const newlyCommitted: CommittedEntry[] = [];
    for (const node of observation.nodes) {
      if (!node.running) continue;
      const violation = this.recordCommits(node, observation, newlyCommitted);
      if (violation !== undefined) return violation;
    }
    for (const node of observation.nodes) {
      if (!node.running || node.role !== 'leader') continue;
      const violation = this.checkLeader(node, observation.step);
      if (violation !== undefined) return violation;
    }
    return undefined;
  }

  private recordCommits(
    node: NodeObservation,
    observation: ClusterObservation,
    newlyCommitted: CommittedEntry[],
  ): Violation | undefined {
    let progress = this.nodeProgress.get(node.id);
    if (progress === undefined || progress.incarnation !== node.incarnation) {
      progress = { incarnation: node.incarnation, checkedThrough: node.logBaseIndex };
      this.nodeProgress.set(node.id, progress);
    }
    const committedThrough = Math.min(node.commitIndex, lastLogIndex(node));
    const from = Math.max(progress.checkedThrough, node.logBaseIndex) + 1;
    for (let index = from; index <= committedThrough; index++) {
      const entry = entryAt(node, index)!;
      const known = this.committedByIndex.get(index);
      if (known === undefined) {
        const record = { entry, step: observation.step, commitTermBound: node.term, nodeId: node.id };
        this.committedByIndex.set(index, record);
        this.committed.push(record);
        newlyCommitted.push(record);
      } else if (!sameEntry(known.entry, entry)) {
        return {
          invariant: this.name,
          message: `two different entries committed at index ${index}`,
          details: {
            first: { node: known.nodeId, step: known.step, entry: entrySummary(known.entry) },
            second: { node: node.id, step: observation.step, entry: entrySummary(entry) },
          },
        };
      } else if (known.step === observation.step && node.term < known.commitTermBound) {
        // Several nodes saw it committed in the same step: the lowest term is the tightest bound.
        const tighter = { ...known, commitTermBound: node.term };
        this.committedByIndex.set(index, tighter);
        this.committed[this.committed.indexOf(known)] = tighter;
      }
    }
    progress.checkedThrough = Math.max(progress.checkedThrough, committedThrough);
    return undefined;
  }

  private checkLeader(node: NodeObservation, step: number): Violation | undefined {
    const reignKey = `${node.id}/${node.incarnation}/${node.term}`;
    let reign = this.reigns.get(reignKey);
    if (reign === undefined) {
      reign = { firstStep: step, checked: 0 };
      this.reigns.set(reignKey, reign);
    }
    for (; reign.checked < this.committed.length; reign.checked++) {
      const committed = this.committed[reign.checked]!;
      const mustHold = node.term > committed.commitTermBound || reign.firstStep > committed.step;
      const index = committed.entry.index;
      if (!mustHold || index <= node.logBaseIndex) continue;
      const held = entryAt(node, index);
      if (held === undefined || !sameEntry(held, committed.entry)) {
        return {
          invariant: this.name,
          message: `leader ${node.id} of term ${node.term} lacks the entry committed at index ${index}`,
          details: {
            leader: node.id,
            term: node.term,
            leaderFirstSeenAtStep: reign.firstStep,
            committed: entrySummary(committed.entry),
            committedSeenAtStep: committed.step,
            committedSeenBy: committed.nodeId,
            leaderHas: held === undefined ? null : entrySummary(held),
            step,
          },
        };
      }
    }
    return undefined;
  }
}
