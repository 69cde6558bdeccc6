import type { Entry } from '@raft/core';
import type { Invariant } from './invariant.js';
import type { ClusterObservation, NodeObservation } from './observation.js';
import { entrySummary, sameEntry } from './same-entry.js';
import type { Violation } from './violation.js';

/** The first sighting of the entry with a given (index, term). */
interface Sighting {
  readonly entry: Entry;
  /** The term of the entry before it in the log where it was seen; undefined when that was compacted. */
  readonly previousTerm: number | undefined;
  readonly nodeId: string;
  readonly step: number;
}

/**
 * Log Matching (Raft paper §5.3, Figure 3): if two logs contain an entry with the same index and
 * term, the logs are identical in all entries up through that index.
 *
 * Checked incrementally rather than pairwise: every (index, term) ever seen is remembered with its
 * content and the term of its predecessor. If every log agrees with that table at every position,
 * two logs sharing (i, t) share the predecessor's term at i - 1, hence by induction the whole
 * prefix. Since a term's leader creates each (index, term) once and never changes it, the table also
 * holds across time, which catches a divergence even between logs never observed side by side.
 * Only positions that changed since the node's previous observation are examined.
 */
export class LogMatching implements Invariant {
  readonly name = 'Log Matching';
  private readonly sightings = new Map<string, Sighting>();
  private readonly examined = new Map<
    string,
    { version: number | undefined; log: Entry[]; baseIndex: number }
  >();

  check(observation: ClusterObservation): Violation | undefined {
    for (const node of observation.nodes) {
      const violation = this.checkNode(node, observation.step);
      if (violation !== undefined) return violation;
    }
    return undefined;
  }

  private checkNode(node: NodeObservation, step: number): Violation | undefined {
    const previous = this.examined.get(node.id);
    if (previous !== undefined && node.logVersion !== undefined && previous.version === node.logVersion)
      return undefined;
    const log = node.log;
    const unchangedBase = previous !== undefined && previous.baseIndex === node.logBaseIndex;
    for (let position = 0; position < log.length; position++) {
      const entry = log[position]!;
      // A position whose entry and predecessor are the very objects examined last time is known good.
      if (
        unchangedBase &&
        previous.log[position] === entry &&
        (position === 0 || previous.log[position - 1] === log[position - 1])
      ) {
        continue;
      }
      const index = node.logBaseIndex + 1 + position;
      if (entry.index !== index) {
        return {
          invariant: this.name,
          message: `${node.id}'s log holds an entry claiming index ${entry.index} at position ${index}`,
          details: { node: node.id, position: index, entry: entrySummary(entry), step },
        };
      }
      const previousTerm = position === 0 ? undefined : log[position - 1]!.term;
      const key = `${index}:${entry.term}`;
      const sighting = this.sightings.get(key);
      if (sighting === undefined) {
        this.sightings.set(key, { entry, previousTerm, nodeId: node.id, step });
        continue;
      }
      const samePredecessor =
        sighting.previousTerm === undefined ||
        previousTerm === undefined ||
        sighting.previousTerm === previousTerm;
      if (!sameEntry(sighting.entry, entry) || !samePredecessor) {
        return {
          invariant: this.name,
          message: `${sighting.nodeId} and ${node.id} hold different logs through the entry at index ${index}, term ${entry.term}`,
          details: {
            first: {
              node: sighting.nodeId,
              step: sighting.step,
              entry: entrySummary(sighting.entry),
              previousTerm: sighting.previousTerm,
            },
            second: { node: node.id, step, entry: entrySummary(entry), previousTerm },
          },
        };
      }
    }
    this.examined.set(node.id, { version: node.logVersion, log: log.slice(), baseIndex: node.logBaseIndex });
    return undefined;
  }
}
