import type { Membership } from '@raft/core';
import type { Invariant } from './invariant.js';
import { type ClusterObservation, lastLogIndex, type NodeObservation } from './observation.js';
import { describeMembership, findDisjointQuorums } from './quorum-intersection.js';
import type { Violation } from './violation.js';

/**
 * No two disjoint majorities (thesis §4.1, §4.3; the 2015 single-server change bug): at no time can
 * two configurations in effect on two nodes each have a quorum that shares no node with a quorum of
 * the other, or two leaders could be elected in one term.
 *
 * Every running node's configuration is compared with every other's (joint ones need a majority of
 * both voter sets; see {@link findDisjointQuorums} for the arithmetic), except the configurations
 * that can no longer be used, whose holders Raft already stops by comparing logs:
 * - one superseded by a newer configuration that is already committed (its holder lags; a majority
 *   of the newer configuration holds a longer log and will not vote for it). The index of a node's
 *   configuration is bounded by the last `config` entry in its log, or its compacted base;
 * - one on a branch that diverged from the committed log (the node holds, at the highest index it
 *   shares with the committed prefix, an entry of another term): it is uncommitted, will be
 *   truncated, and its holder's log is older than the committed entry it lacks.
 * What is left are the configurations that may still decide something — exactly where the 2015
 * single-server bug put two disjoint ones (two uncommitted changes on two branches off the same
 * committed prefix), which is caught.
 */
export class NoDisjointMajorities implements Invariant {
  readonly name = 'No Disjoint Majorities';
  /** The highest index of a `config` entry seen committed on any node. */
  private committedConfigIndex = 0;
  /** The term of every committed entry seen, by index, and the highest such index. */
  private readonly committedTerms = new Map<number, number>();
  private highestCommitted = 0;
  private readonly progress = new Map<string, { incarnation: number; checkedThrough: number }>();
  private readonly bounds = new Map<string, { version: number; bound: number }>();
  private readonly verdicts = new Map<string, boolean>();
  /** Renderings of configuration objects (a node's configuration object changes only with it). */
  private readonly keys = new WeakMap<Membership, string>();

  check(observation: ClusterObservation): Violation | undefined {
    const live: { node: NodeObservation; membership: Membership }[] = [];
    for (const node of observation.nodes) {
      if (!node.running) continue;
      this.recordCommittedConfigs(node);
    }
    for (const node of observation.nodes) {
      if (!node.running || node.membership === undefined) continue;
      if (this.configIndexBound(node) < this.committedConfigIndex) continue;
      if (this.divergedFromCommitted(node)) continue;
      live.push({ node, membership: node.membership });
    }
    for (let i = 0; i < live.length; i++) {
      for (let j = i + 1; j < live.length; j++) {
        const a = live[i]!;
        const b = live[j]!;
        const key = `${this.key(a.membership)}|${this.key(b.membership)}`;
        if (this.verdicts.get(key) === true) continue;
        const disjoint = findDisjointQuorums(a.membership, b.membership);
        this.verdicts.set(key, disjoint === undefined);
        if (disjoint === undefined) continue;
        return {
          invariant: this.name,
          message: `${a.node.id} and ${b.node.id} are in configurations with disjoint majorities`,
          details: {
            [a.node.id]: describeMembership(a.membership),
            [b.node.id]: describeMembership(b.membership),
            quorums: disjoint,
            committedConfigIndex: this.committedConfigIndex,
            step: observation.step,
          },
        };
      }
    }
    return undefined;
  }

  private key(membership: Membership): string {
    let key = this.keys.get(membership);
    if (key === undefined) {
      key = describeMembership(membership);
      this.keys.set(membership, key);
    }
    return key;
  }

  private recordCommittedConfigs(node: NodeObservation): void {
    let progress = this.progress.get(node.id);
    if (progress === undefined || progress.incarnation !== node.incarnation) {
      progress = { incarnation: node.incarnation, checkedThrough: node.logBaseIndex };
      this.progress.set(node.id, progress);
    }
    const through = Math.min(node.commitIndex, lastLogIndex(node));
    for (let index = Math.max(progress.checkedThrough, node.logBaseIndex) + 1; index <= through; index++) {
      const entry = node.log[index - node.logBaseIndex - 1];
      if (entry === undefined) continue;
      if (!this.committedTerms.has(index)) this.committedTerms.set(index, entry.term);
      if (index > this.highestCommitted) this.highestCommitted = index;
      if (entry.type === 'config' && index > this.committedConfigIndex) this.committedConfigIndex = index;
    }
    progress.checkedThrough = Math.max(progress.checkedThrough, through);
  }

  /**
   * Whether the node's log disagrees with the committed log at the last index both cover (by Log
   * Matching, agreement there means agreement on the whole prefix). Compacted indexes agree.
   */
  private divergedFromCommitted(node: NodeObservation): boolean {
    const index = Math.min(lastLogIndex(node), this.highestCommitted);
    if (index <= node.logBaseIndex) return false;
    const committedTerm = this.committedTerms.get(index);
    return committedTerm !== undefined && node.log[index - node.logBaseIndex - 1]?.term !== committedTerm;
  }

  /** An upper bound on the index of the configuration in effect on `node`. */
  private configIndexBound(node: NodeObservation): number {
    const cached = this.bounds.get(node.id);
    if (node.logVersion !== undefined && cached?.version === node.logVersion) return cached.bound;
    let bound = node.logBaseIndex;
    for (let position = node.log.length - 1; position >= 0; position--) {
      if (node.log[position]!.type === 'config') {
        bound = node.logBaseIndex + 1 + position;
        break;
      }
    }
    if (node.logVersion !== undefined) this.bounds.set(node.id, { version: node.logVersion, bound });
    return bound;
  }
}
