import { type Membership, MembershipChangeError, voterIds } from '@raft/core';
import type { FaultInjectorContext } from './fault-injector.js';
import type { SimNode } from './sim-node.js';

/**
 * Membership churn (FAULTS.md F14, F16) while the workload and the other faults run: machines
 * outside the cluster join (learner, then voter once caught up), members leave (followers and the
 * leader itself), members are replaced, two changes are proposed at once (the engine must refuse
 * one), and a member loses its disk for good and rejoins as a new node (leave, wipe, join).
 *
 * Each operation is called on a member picked at random: the leader itself half the time, else a
 * follower or learner, which forwards it to the leader. Only the concurrent-changes check calls the
 * leader directly (two calls in one instant there cannot both be accepted; forwarded, the first may
 * legitimately commit before the second arrives).
 *
 * One churn operation at a time (each finishes or fails before the next starts); the cluster keeps
 * at least `minVoters` voters. Every decision comes from the seeded generator.
 */
export class MembershipChurn {
  private busy = false;

  constructor(private readonly context: FaultInjectorContext) {}

  /** The fewest voters a removal may leave: the initial size, at most 3. */
  private get minVoters(): number {
    return Math.min(3, this.context.initialMembers);
  }

  /** Adds a machine that is not a member (a spare, or one removed earlier) as a voter. */
  addMember(): boolean {
    const leader = this.idleLeader();
    if (leader === undefined) return false;
    const target = this.pick(this.outsiders(leader));
    if (target === undefined) return false;
    const via = this.entryPoint(leader);
    this.run(`${via.id} adds ${target.id} (learner, then voter)`, via, () =>
      via.node!.join(target.id, target.id),
    );
    return true;
  }

  /** Removes a member: a follower or learner, or (about a third of the time) the leader itself. */
  removeMember(): boolean {
    const leader = this.idleLeader();
    if (leader === undefined) return false;
    const membership = leader.node!.status().membership;
    if (voterIds(membership).length <= this.minVoters) return false;
    const removeLeader = this.context.random() < 0.35;
    const target = removeLeader ? leader : this.pick(this.members(membership, leader));
    if (target === undefined) return false;
    const via = this.entryPoint(leader);
    const what = target === via ? 'removes itself' : `removes ${target.id}`;
    this.run(`${via.id} ${what}${target === leader ? ' (the leader)' : ''}`, via, () =>
      via.node!.leave(target.id),
    );
    return true;
  }

  /** Replaces a member by a machine outside the cluster: remove, then add. */
  replaceMember(): boolean {
    const leader = this.idleLeader();
    if (leader === undefined) return false;
    const membership = leader.node!.status().membership;
    const removed = this.pick(this.members(membership, leader));
    const added = this.pick(this.outsiders(leader).filter((node) => node !== removed));
    if (removed === undefined || added === undefined) return false;
    const via = this.entryPoint(leader);
    this.run(`${via.id} replaces ${removed.id} by ${added.id}`, via, async () => {
      await via.node!.leave(removed.id);
      await this.viaAnyMember((node) => node.join(added.id, added.id));
    });
    return true;
  }

  /**
   * Proposes two changes in the same instant on the leader. One change at a time is the rule, so at
   * most one may be accepted, and a refused one must fail with `MembershipChangeError`.
   */
  concurrentChanges(): boolean {
    const leader = this.idleLeader();
    if (leader === undefined) return false;
    const membership = leader.node!.status().membership;
    const outsider = this.pick(this.outsiders(leader));
    const member = this.pick(this.members(membership, leader));
    if (outsider === undefined || member === undefined) return false;
    const node = leader.node!;
    this.context.trace(`${leader.id} gets two changes at once: add ${outsider.id}, remove ${member.id}`);
    this.busy = true;
    const outcomes = [node.join(outsider.id, outsider.id, { voter: false }), node.leave(member.id)];
    void Promise.allSettled(outcomes).then((settled) => {
      this.busy = false;
      const accepted = settled.filter((outcome) => outcome.status === 'fulfilled').length;
      const refused = settled.filter(
        (outcome) => outcome.status === 'rejected' && outcome.reason instanceof MembershipChangeError,
      ).length;
      this.context.trace(`concurrent changes on ${leader.id}: ${accepted} accepted, ${refused} refused`);
      if (accepted === 2) {
        this.context.fail(`${leader.id} accepted two membership changes proposed at once`);
      }
    });
    return true;
  }

  /**
   * Permanent disk loss done right (F16): the leader removes a follower; once the removal is
   * committed the machine crashes, its disk is replaced by an empty one, and it restarts as a new
   * node that the leader adds back (learner, then voter).
   */
  wipeAndRejoin(): boolean {
    const leader = this.idleLeader();
    if (leader === undefined) return false;
    const membership = leader.node!.status().membership;
    const target = this.pick(this.members(membership, leader).filter((node) => node.alive));
    if (target === undefined || voterIds(membership).length < this.minVoters) return false;
    const { clock, electionTimeoutMs, trace } = this.context;
    const via = this.entryPoint(leader);
    this.run(`${via.id} removes ${target.id} before it loses its disk`, via, async () => {
      await via.node!.leave(target.id);
      target.crash();
      target.wipe();
      trace(`${target.id} lost its disk; it restarts empty`);
      await new Promise<void>((resolve) => clock.setTimeout(resolve, electionTimeoutMs));
      target.start();
      await this.viaAnyMember((node) => node.join(target.id, target.id));
    });
    return true;
  }

  /** Runs one churn operation, tracing how it ended. */
  private run(description: string, via: SimNode, operation: () => Promise<void>): void {
    this.context.trace(description);
    this.busy = true;
    operation().then(
      () => {
        this.busy = false;
        this.context.trace(`done: ${description}`);
      },
      (error: unknown) => {
        this.busy = false;
        const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        this.context.trace(`failed (via ${via.id}): ${description}: ${reason}`);
      },
    );
  }

  /**
   * Runs `action` on a member (see `entryPoint`) while some node leads, retrying a few election
   * timeouts until it succeeds.
   */
  private async viaAnyMember(action: (node: NonNullable<SimNode['node']>) => Promise<void>): Promise<void> {
    const { clock, electionTimeoutMs } = this.context;
    for (let attempt = 0; ; attempt++) {
      const leader = this.leader();
      const node = leader === undefined ? undefined : this.entryPoint(leader).node;
      try {
        if (node !== undefined) return await action(node);
      } catch (error) {
        if (attempt >= 8) throw error;
      }
      if (attempt >= 8) throw new Error('no leader to finish the change');
      await new Promise<void>((resolve) => clock.setTimeout(resolve, electionTimeoutMs));
    }
  }

  /** Where to call a change: the leader half the time, else a live member that forwards it. */
  private entryPoint(leader: SimNode): SimNode {
    if (this.context.random() < 0.5) return leader;
    const membership = leader.node!.status().membership;
    const followers = this.members(membership, leader).filter(
      (node) => node.alive && node.node !== undefined,
    );
    return this.pick(followers) ?? leader;
  }

  private idleLeader(): SimNode | undefined {
    return this.busy ? undefined : this.leader();
  }

  private leader(): SimNode | undefined {
    return this.context.nodes.find((node) => node.alive && node.node?.isLeader() === true);
  }

  /** Machines that are not in the leader's configuration. */
  private outsiders(leader: SimNode): SimNode[] {
    const membership = leader.node!.status().membership;
    return this.context.nodes.filter((node) => !membership.members.some((member) => member.id === node.id));
  }

  /** Members other than the leader. */
  private members(membership: Membership, leader: SimNode): SimNode[] {
    return this.context.nodes.filter(
      (node) => node !== leader && membership.members.some((member) => member.id === node.id),
    );
  }

  private pick(candidates: readonly SimNode[]): SimNode | undefined {
    if (candidates.length === 0) return undefined;
    return candidates[Math.floor(this.context.random() * candidates.length)];
  }
}
