import type { ClusterObservation, NodeObservation } from '../invariants/observation.js';
import type { SimNode } from './sim-node.js';

/**
 * Observes one simulated machine synchronously: the engine's view while the node runs (role, term,
 * commit and applied index), its disk's current log, and the durable hard state otherwise.
 */
export function observeNode(simNode: SimNode): NodeObservation {
  const disk = simNode.disk;
  const common = {
    id: simNode.id,
    incarnation: simNode.incarnation,
    log: disk.currentEntries(),
    logBaseIndex: disk.currentBaseIndex(),
    logVersion: disk.logVersion(),
  };
  const node = simNode.node;
  if (simNode.isRunning() && node !== undefined) {
    const status = node.status();
    return {
      ...common,
      running: true,
      role: status.role,
      term: status.term,
      leaderId: status.leaderId,
      // The engine's commit index refers to the engine's log, which may be ahead of the disk's (a
      // truncation not yet persisted): paired with the disk's log it would name entries that are
      // about to be replaced. Applied entries were persisted before being applied and committed
      // entries are never replaced, so the applied index is a sound commit point for the disk's log.
      commitIndex: status.appliedIndex,
      appliedIndex: status.appliedIndex,
      membership: status.membership,
    };
  }
  const hardState = disk.durableHardState();
  return {
    ...common,
    running: false,
    role: 'stopped',
    term: hardState?.term ?? 0,
    leaderId: undefined,
    commitIndex: hardState?.commitIndex ?? 0,
    appliedIndex: 0,
  };
}

/** Observes every machine of the cluster after `step`. */
export function observeCluster(nodes: readonly SimNode[], step: number, timeMs: number): ClusterObservation {
  return { step, timeMs, nodes: nodes.map(observeNode) };
}

/** One line per node describing its state, for failure reports. */
export function renderCluster(observation: ClusterObservation): string {
  return observation.nodes
    .map((node) => {
      const last = node.log[node.log.length - 1];
      const log =
        last === undefined
          ? `empty log after ${node.logBaseIndex}`
          : `log ${node.logBaseIndex + 1}..${last.index} (last term ${last.term})`;
      const state = node.running
        ? `${node.role}, term ${node.term}, leader ${node.leaderId ?? 'unknown'}, commit ${node.commitIndex}, applied ${node.appliedIndex}`
        : `not running, durable term ${node.term}, durable commit ${node.commitIndex}`;
      return `  ${node.id} (incarnation ${node.incarnation}): ${state}, ${log}${renderMembership(node)}`;
    })
    .join('\n');
}

/** The configuration a running node has in effect, e.g. `, members n1 n2 n4(learner)`. */
function renderMembership(node: NodeObservation): string {
  if (!node.running || node.membership === undefined) return '';
  const members = node.membership.members.map((member) => `${member.id}${member.voter ? '' : '(learner)'}`);
  const outgoing = node.membership.outgoingVoters;
  return `, members ${members.join(' ') || 'none'}${outgoing === undefined ? '' : ` (joint, outgoing ${outgoing.join(' ')})`}`;
}
