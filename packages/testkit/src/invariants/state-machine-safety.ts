import type { Invariant } from './invariant.js';
import type { AppliedEntryRecord, ClusterObservation } from './observation.js';
import { sameBytes } from './same-entry.js';
import type { Violation } from './violation.js';

/**
 * State Machine Safety (Raft paper §5.4.3, Figure 3): if a server has applied a log entry at a
 * given index to its state machine, no other server ever applies a different entry at that index.
 * The first application of each index (by any node, in any incarnation) is the reference.
 */
export class StateMachineSafety implements Invariant {
  readonly name = 'State Machine Safety';
  private readonly firstApplied = new Map<number, AppliedEntryRecord>();

  check(_observation: ClusterObservation): Violation | undefined {
    // Everything is checked as entries are applied.
    return undefined;
  }

  recordApplied(record: AppliedEntryRecord): Violation | undefined {
    const first = this.firstApplied.get(record.index);
    if (first === undefined) {
      // Copy the bytes: the caller's buffer might be reused.
      this.firstApplied.set(record.index, { ...record, data: record.data.slice() });
      return undefined;
    }
    if (first.term === record.term && sameBytes(first.data, record.data)) return undefined;
    return {
      invariant: this.name,
      message: `${first.nodeId} and ${record.nodeId} applied different entries at index ${record.index}`,
      details: {
        index: record.index,
        first: { node: first.nodeId, term: first.term, data: first.data },
        second: { node: record.nodeId, term: record.term, data: record.data },
      },
    };
  }
}
