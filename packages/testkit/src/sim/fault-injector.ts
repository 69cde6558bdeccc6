import type { LinkFaults, MemoryNetwork } from '@raft/transport-memory';
import type { AcknowledgedProposal } from '../invariants/observation.js';
import type { FaultKind } from './fault-mix.js';
import { MembershipChurn } from './membership-churn.js';
import type { SimNode } from './sim-node.js';
import { proposeSnapshotBurst } from './snapshot-burst.js';
import type { VirtualClock } from './virtual-clock.js';

/** What the fault injector needs from the simulation. */
export interface FaultInjectorContext {
  readonly clock: VirtualClock;
  readonly random: () => number;
  readonly network: MemoryNetwork;
  readonly nodes: readonly SimNode[];
  /** The link faults that model a healthy network (small delays), restored on heal. */
  readonly baseFaults: LinkFaults;
  /** Faults last about this long before they are undone, in ms (drawn from [0.5×, 2×]). */
  readonly faultDurationMs: number;
  readonly electionTimeoutMs: number;
  /** How many machines (the first ones) the cluster bootstrapped with; the rest start outside it. */
  readonly initialMembers: number;
  /** The nodes' snapshot threshold (a snapshot burst writes a little more than twice as many entries). */
  readonly snapshots: { readonly snapshotThreshold: number };
  readonly trace: (text: string) => void;
  /** Reports a safety failure the injector itself detected (raised at the end of the step). */
  readonly fail: (reason: string) => void;
  /** Reports a write the injector proposed that was acknowledged, for the durability invariant. */
  readonly acknowledge: (proposal: AcknowledgedProposal) => void;
}

/**
 * Injects one random fault at a time from a mix, and undoes it later: crashed nodes restart,
 * partitions heal, link faults clear, paused processes resume. All decisions come from the seeded
 * generator, so a run's faults replay exactly from its seed.
 */
export class FaultInjector {
  /** How many faults were injected, by kind. */
  readonly injected = new Map<FaultKind, number>();
  private partitioned = false;
  /** Nodes the injector removed from the membership and has not added back yet. */
  private readonly removed = new Set<string>();
  private readonly churn: MembershipChurn;
  private bursts = 0;

  constructor(
    private readonly context: FaultInjectorContext,
    private readonly kinds: readonly FaultKind[],
  ) {
    this.churn = new MembershipChurn(context);
  }

  /** Injects one random fault from the mix (nothing for an empty mix). */
  injectOne(): void {
    if (this.kinds.length === 0) return;
    const kind = this.kinds[Math.floor(this.context.random() * this.kinds.length)]!;
    if (this.inject(kind)) this.injected.set(kind, (this.injected.get(kind) ?? 0) + 1);
  }

  /** Undoes every fault: heals the network, resumes paused processes, restarts dead ones. */
  healAll(): void {
    const { network, nodes } = this.context;
    network.heal();
    network.clearFaults();
    network.setFaults('*', '*', this.context.baseFaults);
    this.partitioned = false;
    for (const node of nodes) {
      node.disk.clearFailpoints();
      if (node.isPaused()) node.resume();
      if (!node.alive) node.start();
    }
    this.context.trace('all faults healed');
  }

  /** Restarts a node whose process stopped itself (a fatal error): a supervisor would. */
  restartLater(node: SimNode, delayMs: number): void {
    this.context.clock.setTimeout(() => {
      if (!node.alive) {
        this.context.trace(`${node.id} restarts`);
        node.start();
      }
    }, delayMs);
  }

  private inject(kind: FaultKind): boolean {
    switch (kind) {
      case 'crash-leader':
        return this.crash(this.leader());
      case 'crash-follower':
        return this.crash(
          this.pick(this.context.nodes.filter((node) => node.alive && !node.node?.isLeader())),
        );
      case 'partition-leader-minority':
        return this.partitionLeaderMinority();
      case 'partition-random':
        return this.partitionRandom();
      case 'asymmetric-partition':
        return this.asymmetricPartition();
      case 'isolate':
        return this.isolate();
      case 'network-faults':
        return this.networkFaults();
      case 'pause':
        return this.pause();
      case 'disk-failure':
        return this.diskFailure();
      case 'crash-after-fsync':
        return this.crashAfterFsync();
      case 'transfer-leadership':
        return this.transferLeadership();
      case 'membership-change':
        return this.membershipChange();
      case 'add-member':
        return this.churn.addMember();
      case 'remove-member':
        return this.churn.removeMember();
      case 'replace-member':
        return this.churn.replaceMember();
      case 'concurrent-membership':
        return this.churn.concurrentChanges();
      case 'wipe-rejoin':
        return this.churn.wipeAndRejoin();
      case 'snapshot-catch-up':
        return this.snapshotCatchUp();
      case 'snapshot-burst':
        return this.snapshotBurst();
    }
  }

  private crash(node: SimNode | undefined, durationMs = this.duration()): boolean {
    if (node === undefined || !node.alive) return false;
    const role = node.node?.state() ?? 'stopped';
    node.crash();
    this.context.trace(`${node.id} crashed (was ${role})`);
    this.restartLater(node, durationMs);
    return true;
  }

  /**
   * Forces a follower onto snapshot catch-up (F12): it is crashed or cut off long enough (4–8
   * election timeouts) for the workload to carry the leader's log past its compaction point.
   */
  private snapshotCatchUp(): boolean {
    const follower = this.pick(
      this.context.nodes.filter((node) => node.alive && node.node?.state() === 'follower'),
    );
    if (follower === undefined) return false;
    const durationMs = this.context.electionTimeoutMs * (4 + this.context.random() * 4);
    this.context.trace(`${follower.id} is held back ${durationMs.toFixed(0)} ms to need a snapshot`);
    if (this.partitioned || this.context.random() < 0.5) return this.crash(follower, durationMs);
    return this.isolateNode(follower, durationMs);
  }

  /** Two snapshots in quick succession (F12): a burst of writes of twice the snapshot threshold. */
  private snapshotBurst(): boolean {
    const leader = this.leader();
    if (leader === undefined) return false;
    this.bursts += 1;
    proposeSnapshotBurst(
      leader,
      this.context.snapshots.snapshotThreshold,
      this.bursts,
      this.context.acknowledge,
      this.context.trace,
    );
    return true;
  }

  private partitionLeaderMinority(): boolean {
    const leader = this.leader();
    if (leader === undefined || this.partitioned) return false;
    const others = this.shuffled(this.context.nodes.filter((node) => node !== leader));
    const minoritySize = Math.floor((this.context.nodes.length - 1) / 2);
    const minority = [leader, ...others.slice(0, Math.max(0, minoritySize - 1))];
    const majority = others.slice(Math.max(0, minoritySize - 1));
    return this.split(minority, majority);
  }

  private partitionRandom(): boolean {
    if (this.partitioned) return false;
    const shuffled = this.shuffled(this.context.nodes.slice());
    const cut = 1 + Math.floor(this.context.random() * (shuffled.length - 1));
    return this.split(shuffled.slice(0, cut), shuffled.slice(cut));
  }

  private split(groupA: readonly SimNode[], groupB: readonly SimNode[]): boolean {
    const a = groupA.map((node) => node.id);
    const b = groupB.map((node) => node.id);
    this.context.network.partition(a, b);
    this.partitioned = true;
    this.context.trace(`partition [${a.join(', ')}] | [${b.join(', ')}]`);
    this.healLater(() => {
      this.context.network.heal();
      this.partitioned = false;
      this.context.trace('partition healed');
    });
    return true;
  }

  private asymmetricPartition(): boolean {
    if (this.partitioned || this.context.nodes.length < 3) return false;
    const [a, b, c] = this.shuffled(this.context.nodes.slice());
    const network = this.context.network;
    // A↮C both ways; sometimes also one extra one-way cut B→A.
    network.blockLink(a!.id, c!.id);
    network.blockLink(c!.id, a!.id);
    const oneWay = this.context.random() < 0.5;
    if (oneWay) network.blockLink(b!.id, a!.id);
    this.partitioned = true;
    this.context.trace(
      `asymmetric partition: ${a!.id} ↮ ${c!.id}${oneWay ? `, ${b!.id} → ${a!.id} cut` : ''} (${b!.id} reaches both)`,
    );
    this.healLater(() => {
      network.heal();
      this.partitioned = false;
      this.context.trace('asymmetric partition healed');
    });
    return true;
  }

  private isolate(): boolean {
    if (this.partitioned) return false;
    const node = this.pick(this.context.nodes.slice());
    if (node === undefined) return false;
    return this.isolateNode(node, this.duration());
  }

  private isolateNode(node: SimNode, durationMs: number): boolean {
    this.context.network.isolate(node.id);
    this.partitioned = true;
    this.context.trace(`${node.id} isolated`);
    this.context.clock.setTimeout(() => {
      this.context.network.heal();
      this.partitioned = false;
      this.context.trace(`${node.id} rejoined`);
    }, durationMs);
    return true;
  }

  private networkFaults(): boolean {
    const { random, network, baseFaults } = this.context;
    const faults: LinkFaults = {
      dropRate: random() * 0.3,
      duplicateRate: random() * 0.2,
      reorderRate: random() * 0.3,
      minDelayMs: baseFaults.minDelayMs ?? 0,
      maxDelayMs: (baseFaults.maxDelayMs ?? 0) + random() * 30,
    };
    const everywhere = random() < 0.5;
    const from = everywhere ? '*' : (this.pick(this.context.nodes.slice())?.id ?? '*');
    network.setFaults(from, '*', faults);
    this.context.trace(
      `link faults ${from} → *: drop ${faults.dropRate!.toFixed(2)}, duplicate ${faults.duplicateRate!.toFixed(2)}, reorder ${faults.reorderRate!.toFixed(2)}, delay ≤ ${faults.maxDelayMs!.toFixed(1)} ms`,
    );
    this.healLater(() => {
      network.clearFaults();
      network.setFaults('*', '*', baseFaults);
      this.context.trace('link faults cleared');
    });
    return true;
  }

  private pause(): boolean {
    const node = this.pick(
      this.context.nodes.filter((candidate) => candidate.alive && !candidate.isPaused()),
    );
    if (node === undefined) return false;
    node.pause();
    const durationMs = this.context.electionTimeoutMs * (1.5 + this.context.random() * 2);
    this.context.trace(
      `${node.id} paused for ${durationMs.toFixed(0)} ms (was ${node.node?.state() ?? 'stopped'})`,
    );
    this.context.clock.setTimeout(() => {
      if (!node.isPaused()) return;
      node.resume();
      this.context.trace(`${node.id} resumed`);
    }, durationMs);
    return true;
  }

  private diskFailure(): boolean {
    const node = this.pick(this.context.nodes.filter((candidate) => candidate.alive));
    if (node === undefined) return false;
    const operation = this.context.random() < 0.5 ? 'append' : 'save';
    const written = this.context.random() < 0.5;
    node.disk.failNext(operation, { written });
    this.context.trace(
      `${node.id}: next ${operation} fails with EIO${written ? ' after reaching the disk' : ''}`,
    );
    return true;
  }

  private crashAfterFsync(): boolean {
    const node = this.pick(this.context.nodes.filter((candidate) => candidate.alive));
    if (node === undefined) return false;
    const operation = this.context.random() < 0.5 ? 'append' : 'save';
    node.disk.crashAfterNext(operation);
    this.context.trace(`${node.id} will crash right after its next ${operation} is durable`);
    return true;
  }

  private transferLeadership(): boolean {
    const leader = this.leader();
    const node = leader?.node;
    if (leader === undefined || node === undefined) return false;
    // Half the time name a target (any node, even a dead one); otherwise let the leader choose.
    const target =
      this.context.random() < 0.5 ? this.pick(this.context.nodes.filter((n) => n !== leader)) : undefined;
    const to = target === undefined ? 'the most up-to-date voter' : target.id;
    this.context.trace(`${leader.id} transfers leadership to ${to}`);
    node.transferLeadership(target?.id).then(
      () => this.context.trace(`leadership transfer from ${leader.id} done`),
      (error: unknown) =>
        this.context.trace(`leadership transfer from ${leader.id} failed: ${describeError(error)}`),
    );
    return true;
  }

  private membershipChange(): boolean {
    const leader = this.leader();
    const node = leader?.node;
    // One removal at a time keeps a 3-node cluster at two voters at least.
    if (leader === undefined || node === undefined || this.removed.size > 0) return false;
    const target = this.pick(this.context.nodes.filter((candidate) => candidate !== leader));
    if (target === undefined) return false;
    this.removed.add(target.id);
    this.context.trace(`${leader.id} removes ${target.id} from the cluster`);
    node.leave(target.id).then(
      () => this.context.trace(`removal of ${target.id} applied on ${leader.id}`),
      (error: unknown) =>
        this.context.trace(`removal of ${target.id} via ${leader.id} failed: ${describeError(error)}`),
    );
    this.healLater(() => this.addBack(target));
    return true;
  }

  /** Adds a removed node back through whichever node leads now, retrying until it is a voter again. */
  private addBack(target: SimNode): void {
    const retry = () =>
      this.context.clock.setTimeout(() => this.addBack(target), this.context.electionTimeoutMs);
    const leader = this.leader();
    const node = leader?.node;
    if (leader === undefined || node === undefined) {
      retry();
      return;
    }
    node.join(target.id, target.id).then(
      () => {
        this.removed.delete(target.id);
        this.context.trace(`${target.id} is a voter again (added by ${leader.id})`);
      },
      (error: unknown) => {
        this.context.trace(`adding ${target.id} back via ${leader.id} failed: ${describeError(error)}`);
        retry();
      },
    );
  }

  private healLater(heal: () => void): void {
    this.context.clock.setTimeout(heal, this.duration());
  }

  private duration(): number {
    return this.context.faultDurationMs * (0.5 + this.context.random() * 1.5);
  }

  private leader(): SimNode | undefined {
    return this.context.nodes.find((node) => node.alive && node.node?.isLeader() === true);
  }

  private pick(candidates: readonly SimNode[]): SimNode | undefined {
    if (candidates.length === 0) return undefined;
    return candidates[Math.floor(this.context.random() * candidates.length)];
  }

  private shuffled(nodes: SimNode[]): SimNode[] {
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(this.context.random() * (i + 1));
      [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
    }
    return nodes;
  }
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
