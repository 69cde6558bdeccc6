import type { Invariant } from './invariant.js';
import type { AppliedEntryRecord, ClusterObservation, RestoredStateRecord } from './observation.js';
import { sameBytes } from './same-entry.js';
import type { Violation } from './violation.js';

/**
 * State Machine Safety (Raft paper §5.4.3, Figure 3): if a server has applied a log entry at a
 * given index to its state machine, no other server ever applies a different entry at that index.
 * The first application of each index (by any node, in any incarnation) is the reference.
 *
 * A node that restores a snapshot applies nothing for the indexes it covers, so when the state
 * machine reports digests of its applied history, the restored state's digest is compared with the
 * digest others reached by applying entries through the same index: a snapshot carrying a different
 * history (a lost, extra or reordered entry) is caught even though no entry was applied.
 */
export class StateMachineSafety implements Invariant {
  readonly name = 'State Machine Safety';
  private readonly firstApplied = new Map<number, AppliedEntryRecord>();
  /** The first digest of the applied history seen at each index, by application or restore. */
  private readonly digests = new Map<number, { nodeId: string; digest: string; how: string }>();

  check(_observation: ClusterObservation): Violation | undefined {
    // Everything is checked as entries are applied.
    return undefined;
  }

  recordApplied(record: AppliedEntryRecord): Violation | undefined {
    const first = this.firstApplied.get(record.index);
    if (first === undefined) {
      // Copy the bytes: the caller's buffer might be reused.
      this.firstApplied.set(record.index, { ...record, data: record.data.slice() });
    } else if (first.term !== record.term || !sameBytes(first.data, record.data)) {
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
    if (record.stateDigest === undefined) return undefined;
    return this.compareDigest(record.nodeId, record.index, record.stateDigest, 'applied');
  }

  recordRestored(record: RestoredStateRecord): Violation | undefined {
    if (record.index === 0) return undefined;
    return this.compareDigest(record.nodeId, record.index, record.stateDigest, 'restored from a snapshot');
  }

  private compareDigest(nodeId: string, index: number, digest: string, how: string): Violation | undefined {
    const known = this.digests.get(index);
    if (known === undefined) {
      this.digests.set(index, { nodeId, digest, how });
      return undefined;
    }
    if (known.digest === digest) return undefined;
    return {
      invariant: this.name,
      message: `${nodeId}'s state ${how} through index ${index} differs from the state ${known.nodeId} ${known.how} through it`,
      details: { index, first: known, second: { nodeId, digest, how } },
    };
  }
}
