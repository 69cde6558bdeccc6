import type { Invariant } from './invariant.js';
import type { ClusterObservation } from './observation.js';
import type { Violation } from './violation.js';

/**
 * Election Safety (Raft paper §5.2, Figure 3): at most one leader can be elected in a given term.
 * Remembers the leader of every term ever observed, so two leaders of one term are caught even
 * when they never coexist in a single observation.
 */
export class ElectionSafety implements Invariant {
  readonly name = 'Election Safety';
  private readonly leaderByTerm = new Map<number, { nodeId: string; step: number }>();

  check(observation: ClusterObservation): Violation | undefined {
    for (const node of observation.nodes) {
      if (!node.running || node.role !== 'leader') continue;
      const known = this.leaderByTerm.get(node.term);
      if (known === undefined) {
        this.leaderByTerm.set(node.term, { nodeId: node.id, step: observation.step });
      } else if (known.nodeId !== node.id) {
        return {
          invariant: this.name,
          message: `two leaders in term ${node.term}: ${known.nodeId} and ${node.id}`,
          details: {
            term: node.term,
            firstLeader: known.nodeId,
            firstSeenAtStep: known.step,
            secondLeader: node.id,
            step: observation.step,
          },
        };
      }
    }
    return undefined;
  }
}
