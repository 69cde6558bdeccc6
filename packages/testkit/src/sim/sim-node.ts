import {
  type AppliedEntry,
  createMemorySnapshotStore,
  createRaftNode,
  createSeededRandom,
  type Logger,
  type RaftConfigInput,
  type RaftNode,
  type SnapshotStore,
  silentLogger,
} from '@raft/core';
import type { MemoryNetwork } from '@raft/transport-memory';
import { KvStateMachine } from './kv-state-machine.js';
import { NodeClock } from './node-clock.js';
import { SimTransport } from './sim-transport.js';
import { SimulatedDisk } from './simulated-disk.js';
import type { VirtualClock } from './virtual-clock.js';

/** What a {@link SimNode} reports to the simulation. */
export interface SimNodeHooks {
  /** An entry the live process applied to its state machine, with the digest of its applied history. */
  onApplied(nodeId: string, entry: AppliedEntry, stateDigest: string): void;
  /** The live process restored its state machine from a snapshot (on restart or on install). */
  onRestored(nodeId: string, index: number, stateDigest: string): void;
  /** A line for the trace. */
  onEvent(text: string): void;
  /** The live process stopped on a fatal error (the simulation treats it as a crash). */
  onFatal(nodeId: string, error: Error): void;
  /** The machine crashed at an armed disk crash point (it is already down). */
  onCrashPoint(nodeId: string, operation: string): void;
}

/** What every {@link SimNode} of one simulation shares. */
export interface SimNodeContext {
  readonly clock: VirtualClock;
  readonly network: MemoryNetwork;
  /** The config of every node, minus its identity. */
  readonly config: Omit<RaftConfigInput, 'nodeId' | 'raftAddress'>;
  readonly seed: number;
  readonly fsyncDelayMs: readonly [number, number];
  readonly tornWrites: boolean;
  readonly hooks: SimNodeHooks;
  readonly logger?: Logger;
}

/**
 * One simulated machine: a disk that survives crashes, and the process running on it (a real
 * `RaftNode` with its own clock view, transport and a fresh state machine), which the simulation
 * can start, crash (`kill -9`: timers, messages and unsynced writes gone), restart and pause.
 */
export class SimNode {
  disk: SimulatedDisk;
  /** Committed snapshots are durable as soon as they commit, so one store serves every incarnation. */
  snapshotStore: SnapshotStore = createMemorySnapshotStore();
  /** How many times the machine's disk was replaced by an empty one ({@link wipe}). */
  wipes = 0;
  /** Bumped by each start; lets late callbacks from a dead process be told apart. */
  incarnation = 0;
  /** Whether a process is running on the machine (it may still be starting, or have stopped itself). */
  alive = false;
  node: RaftNode | undefined;
  stateMachine: KvStateMachine | undefined;
  private clock: NodeClock | undefined;
  private transport: SimTransport | undefined;

  constructor(
    readonly id: string,
    private readonly index: number,
    private readonly context: SimNodeContext,
  ) {
    this.disk = this.newDisk();
  }

  /**
   * Replaces the (crashed) machine's disk and snapshot store with empty ones: permanent disk loss
   * (F16). The next process starts as a brand-new node that is no initial member, so it bootstraps
   * nothing and waits to be added with `join`.
   */
  wipe(): void {
    if (this.alive) throw new Error(`wipe ${this.id}: crash it first`);
    this.wipes += 1;
    this.disk = this.newDisk();
    this.snapshotStore = createMemorySnapshotStore();
  }

  private newDisk(): SimulatedDisk {
    const { context, index } = this;
    const disk = new SimulatedDisk({
      clock: context.clock,
      random: createSeededRandom(context.seed * 7919 + index * 104_729 + 1 + this.wipes * 15_485_863),
      fsyncDelayMs: context.fsyncDelayMs,
      tornWrites: context.tornWrites,
    });
    disk.onCrashPoint = (operation) => {
      this.crash();
      context.hooks.onCrashPoint(this.id, operation);
    };
    return disk;
  }

  /** Starts a new process on this machine over the durable state of its disk. */
  start(): void {
    if (this.alive) return;
    this.incarnation += 1;
    this.alive = true;
    const incarnation = this.incarnation;
    const current = () => this.alive && this.incarnation === incarnation;
    const { hooks } = this.context;
    this.clock = new NodeClock(this.context.clock);
    this.transport = new SimTransport(this.context.network.createTransport(this.id));
    const stores = this.disk.open();
    this.stateMachine = new KvStateMachine({
      onApply: (entry, digest) => {
        if (current()) hooks.onApplied(this.id, entry, digest);
      },
      onRestore: (index, digest) => {
        if (current()) hooks.onRestored(this.id, index, digest);
      },
    });
    const { config } = this.context;
    // A wiped machine is a new node: it must not bootstrap the cluster as an initial member again.
    const initialMembers =
      this.wipes === 0
        ? config.initialMembers
        : config.initialMembers?.filter((member) => member.id !== this.id);
    const node = createRaftNode({
      config: {
        ...config,
        ...(initialMembers === undefined ? {} : { initialMembers }),
        nodeId: this.id,
        raftAddress: this.id,
      },
      ...stores,
      snapshotStore: this.snapshotStore,
      transport: this.transport,
      stateMachine: this.stateMachine,
      clock: this.clock,
      random: createSeededRandom(this.context.seed * 31 + this.index * 1009 + incarnation * 65_537),
      logger: this.context.logger ?? silentLogger,
    });
    this.node = node;
    node.on('role-changed', (event) => {
      if (current()) hooks.onEvent(`${this.id} is now ${event.state} (term ${event.term})`);
    });
    node.on('snapshot-installed', ({ metadata }) => {
      if (current()) hooks.onEvent(`${this.id} installed a snapshot through ${metadata.lastIncludedIndex}`);
    });
    node.on('fatal-error', ({ error }) => {
      if (current()) hooks.onFatal(this.id, error);
    });
    node.start().catch((error: unknown) => {
      if (current()) hooks.onEvent(`${this.id} failed to start: ${String(error)}`);
    });
  }

  /** Kills the process: no more timers or messages, and the disk loses what was not durable. */
  crash(): void {
    if (!this.alive) return;
    this.alive = false;
    this.clock?.kill();
    this.transport?.kill();
    this.disk.crash();
    this.node = undefined;
    this.stateMachine = undefined;
  }

  /** Freezes the process (its timers and messages are held). */
  pause(): void {
    if (!this.alive) return;
    this.clock?.pause();
    this.transport?.pause();
  }

  /** Lets a paused process run again. */
  resume(): void {
    this.clock?.resume();
    this.transport?.resume();
  }

  /** Whether the process is paused. */
  isPaused(): boolean {
    return this.alive && this.clock?.isPaused() === true;
  }

  /** Whether a process is alive and its node is running (started and not stopped). */
  isRunning(): boolean {
    return this.alive && this.node !== undefined && this.node.state() !== 'stopped';
  }
}
