import type { Entry } from '@raft/core';
import type { Invariant } from './invariant.js';
import type { ClusterObservation } from './observation.js';
import { entrySummary, sameEntry } from './same-entry.js';
import type { Violation } from './violation.js';

interface LeaderLog {
  readonly term: number;
  readonly incarnation: number;
  readonly logVersion: number | undefined;
  readonly baseIndex: number;
  /** A copy of the leader's log when last observed (the node's own array may be mutated in place). */
  readonly entries: readonly Entry[];
}

/**
 * Leader Append-Only (Raft paper §5.3, Figure 3): a leader never overwrites or deletes entries in
 * its log; it only appends. Checked between consecutive observations of the same leader in the
 * same term (and process incarnation); compaction is not deletion, so compacted indexes are skipped.
 */
export class LeaderAppendOnly implements Invariant {
  readonly name = 'Leader Append-Only';
  private readonly leaders = new Map<string, LeaderLog>();

  check(observation: ClusterObservation): Violation | undefined {
    for (const node of observation.nodes) {
      if (!node.running || node.role !== 'leader') {
        this.leaders.delete(node.id);
        continue;
      }
      const previous = this.leaders.get(node.id);
      const sameReign =
        previous !== undefined && previous.term === node.term && previous.incarnation === node.incarnation;
      if (sameReign && node.logVersion !== undefined && previous.logVersion === node.logVersion) continue;
      if (sameReign) {
        const violation = this.compare(previous, node.log, node.logBaseIndex);
        if (violation !== undefined) {
          return {
            ...violation,
            details: { ...violation.details, leader: node.id, term: node.term, step: observation.step },
          };
        }
      }
      this.leaders.set(node.id, {
        term: node.term,
        incarnation: node.incarnation,
        logVersion: node.logVersion,
        baseIndex: node.logBaseIndex,
        entries: node.log.slice(),
      });
    }
    return undefined;
  }

  private compare(previous: LeaderLog, log: readonly Entry[], baseIndex: number): Violation | undefined {
    const previousLast = previous.baseIndex + previous.entries.length;
    const currentLast = baseIndex + log.length;
    if (currentLast < previousLast && previousLast > baseIndex) {
      return {
        invariant: this.name,
        message: `the leader's log shrank from last index ${previousLast} to ${currentLast}`,
        details: { previousLastIndex: previousLast, currentLastIndex: currentLast },
      };
    }
    const from = Math.max(previous.baseIndex, baseIndex) + 1;
    for (let index = from; index <= previousLast; index++) {
      const before = previous.entries[index - previous.baseIndex - 1]!;
      const after = log[index - baseIndex - 1]!;
      if (!sameEntry(before, after)) {
        return {
          invariant: this.name,
          message: `the leader overwrote its entry at index ${index}`,
          details: { before: entrySummary(before), after: entrySummary(after) },
        };
      }
    }
    return undefined;
  }
}
