import type { Invariant } from './invariant.js';
import {
  type AcknowledgedProposal,
  type AppliedEntryRecord,
  type ClusterObservation,
  entryAt,
  lastLogIndex,
} from './observation.js';
import { entrySummary, sameBytes } from './same-entry.js';
import type { Violation } from './violation.js';

/**
 * No acknowledged proposal is ever lost (durability, FAULTS.md C3): once `propose` resolved for a
 * client, the entry stays at its index in the committed prefix. Every running node whose commit
 * index (within its log) reaches that index holds the same entry there; every application of that
 * index is that entry; and once the run is over, every running node has applied through it.
 */
export class NoLostAcknowledgedProposal implements Invariant {
  readonly name = 'No Lost Acknowledged Proposal';
  private readonly acknowledged = new Map<number, AcknowledgedProposal>();
  /** Acknowledgements not yet checked against the logs of nodes that had already committed past them. */
  private unchecked: AcknowledgedProposal[] = [];
  private readonly firstApplied = new Map<number, AppliedEntryRecord>();
  private readonly nodeProgress = new Map<string, { incarnation: number; checkedThrough: number }>();

  recordAcknowledged(proposal: AcknowledgedProposal): Violation | undefined {
    const known = this.acknowledged.get(proposal.index);
    if (known !== undefined && !sameProposal(known, proposal)) {
      return this.violation(`two different proposals were acknowledged at index ${proposal.index}`, {
        first: known,
        second: proposal,
      });
    }
    const applied = this.firstApplied.get(proposal.index);
    if (applied !== undefined && !sameProposal(applied, proposal)) {
      return this.violation(
        `index ${proposal.index} was applied with another entry than the one acknowledged`,
        {
          acknowledged: proposal,
          applied,
        },
      );
    }
    this.acknowledged.set(proposal.index, proposal);
    this.unchecked.push(proposal);
    return undefined;
  }

  recordApplied(record: AppliedEntryRecord): Violation | undefined {
    if (!this.firstApplied.has(record.index)) this.firstApplied.set(record.index, record);
    const proposal = this.acknowledged.get(record.index);
    if (proposal !== undefined && !sameProposal(proposal, record)) {
      return this.violation(`${record.nodeId} applied another entry at acknowledged index ${record.index}`, {
        acknowledged: proposal,
        applied: record,
      });
    }
    return undefined;
  }

  check(observation: ClusterObservation): Violation | undefined {
    const fresh = this.unchecked;
    this.unchecked = [];
    for (const node of observation.nodes) {
      if (!node.running) continue;
      let progress = this.nodeProgress.get(node.id);
      if (progress === undefined || progress.incarnation !== node.incarnation) {
        progress = { incarnation: node.incarnation, checkedThrough: 0 };
        this.nodeProgress.set(node.id, progress);
      }
      const committedThrough = Math.min(node.commitIndex, lastLogIndex(node));
      // Acknowledgements newer than this node's checked range are checked as its commit index passes
      // them; fresh ones below it are checked now.
      const toCheck: AcknowledgedProposal[] = fresh.filter(
        (proposal) => proposal.index <= progress.checkedThrough,
      );
      for (
        let index = Math.max(progress.checkedThrough, node.logBaseIndex) + 1;
        index <= committedThrough;
        index++
      ) {
        const proposal = this.acknowledged.get(index);
        if (proposal !== undefined) toCheck.push(proposal);
      }
      progress.checkedThrough = Math.max(progress.checkedThrough, committedThrough);
      for (const proposal of toCheck) {
        if (proposal.index <= node.logBaseIndex || proposal.index > committedThrough) continue;
        const entry = entryAt(node, proposal.index)!;
        if (entry.term !== proposal.term || !sameBytes(entry.data, proposal.data)) {
          return this.violation(
            `${node.id} committed another entry at index ${proposal.index}, where a proposal was acknowledged`,
            { node: node.id, acknowledged: proposal, committed: entrySummary(entry), step: observation.step },
          );
        }
      }
    }
    return undefined;
  }

  checkFinal(observation: ClusterObservation): Violation | undefined {
    let highest: AcknowledgedProposal | undefined;
    for (const proposal of this.acknowledged.values()) {
      if (highest === undefined || proposal.index > highest.index) highest = proposal;
    }
    if (highest === undefined) return undefined;
    for (const node of observation.nodes) {
      if (!node.running) continue;
      if (node.appliedIndex < highest.index) {
        return this.violation(
          `${node.id} applied only through index ${node.appliedIndex}, short of the acknowledged proposal at ${highest.index}`,
          { node: node.id, appliedIndex: node.appliedIndex, acknowledged: highest },
        );
      }
    }
    return undefined;
  }

  private violation(message: string, details: Record<string, unknown>): Violation {
    return { invariant: this.name, message, details };
  }
}

function sameProposal(
  a: { readonly term: number; readonly data: Uint8Array },
  b: { readonly term: number; readonly data: Uint8Array },
): boolean {
  return a.term === b.term && sameBytes(a.data, b.data);
}
