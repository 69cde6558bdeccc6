import { systemClock } from '../clock/system-clock.js';
import type { RaftConfig } from '../config/raft-config.js';
import { engineTicksFromConfig, validateConfig } from '../config/validate-config.js';
import { RaftEngine } from '../engine/raft-engine.js';
import type { Role, SoftState } from '../engine/ready.js';
import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { Clock } from '../interfaces/clock.js';
import { type Logger, silentLogger } from '../interfaces/logger.js';
import type { Transport } from '../interfaces/transport.js';
import { memberIdentityProblem } from '../types/membership.js';
import type { ForwardedMembershipOperation, Message } from '../types/message.js';
import { createSeededRandom } from '../util/seeded-random.js';
import { bindAbortSignal } from './abortable.js';
import { loadInitialState } from './bootstrap.js';
import { ConditionWaiters } from './condition-waiters.js';
import { engineOptionsFromConfig } from './engine-options-from-config.js';
import { transferLeadership } from './leadership-transfer.js';
import { MembershipForwardingClient } from './membership-forwarding-client.js';
import { MembershipForwardingServer } from './membership-forwarding-server.js';
import { joinCluster, leaveCluster, type MembershipHost } from './membership-ops.js';
import { type NodeState, type NodeStatus, notStartedStatus } from './node-state.js';
import { initialPeers } from './peers.js';
import { PendingRequests } from './pending-requests.js';
import type { JoinOptions, RaftNode, RequestOptions } from './raft-node.js';
import type { RaftNodeEvents } from './raft-node-events.js';
import type { RaftNodeOptions } from './raft-node-options.js';
import { ReadyProcessor } from './ready-processor.js';
import { SerialLoop } from './serial-loop.js';
import { createSnapshotParts, type SnapshotParts } from './snapshot-parts.js';
import { Ticker } from './ticker.js';
import { TypedEventEmitter } from './typed-event-emitter.js';

/** Where the node is in its life. `stopped` is final: a node never starts twice. */
type Lifecycle = 'new' | 'starting' | 'running' | 'stopped';

/**
 * The {@link RaftNode} implementation: owns the engine and runs the one loop (CONVENTIONS 13).
 *
 * Inputs reach the engine synchronously as they arrive: the clock's ticks, the transport's
 * messages, and (batched) the callers' proposals and reads. The loop then carries out each Ready in
 * the order `ready.ts` prescribes: persist → send → apply → hand out results → advance. At most one
 * Ready is in flight; whatever arrives meanwhile goes into the next one (group commit).
 */
export class NodeDriver implements RaftNode {
  private readonly nodeId: string;
  private readonly transport: Transport;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly random: () => number;
  private readonly events: TypedEventEmitter<RaftNodeEvents>;
  private readonly pending = new PendingRequests();
  private readonly waiters: ConditionWaiters;
  private readonly processor: ReadyProcessor;
  private readonly loop: SerialLoop;

  private lifecycle: Lifecycle = 'new';
  private config: RaftConfig | undefined;
  private engine: RaftEngine | undefined;
  private snapshots: SnapshotParts | undefined;
  private forwarding: { client: MembershipForwardingClient; server: MembershipForwardingServer } | undefined;
  private ticker: Ticker | undefined;
  private transportStarted = false;
  private startPromise: Promise<void> | undefined;
  private stopPromise: Promise<void> | undefined;

  // The engine's soft state as of the last Ready the driver processed: what callers observe.
  private role: Role = 'follower';
  private term = 0;
  private leaderId: string | undefined;

  constructor(private readonly options: RaftNodeOptions) {
    // Read defensively: a config that is not even an object is reported by start(), as a ConfigError.
    this.nodeId = String((options.config as Partial<RaftNodeOptions['config']> | undefined)?.nodeId ?? '');
    this.transport = options.transport;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.random = options.random ?? createSeededRandom(Math.floor(Math.random() * 0x1_0000_0000));
    this.events = new TypedEventEmitter<RaftNodeEvents>((error, event) =>
      this.logger.error('a raft node event listener threw', { event, error }),
    );
    this.waiters = new ConditionWaiters(this.clock);
    this.processor = new ReadyProcessor({
      nodeId: this.nodeId,
      logStore: options.logStore,
      stableStore: options.stableStore,
      snapshotStore: options.snapshotStore,
      transport: options.transport,
      stateMachine: options.stateMachine,
      tracker: this.pending.tracker,
      forwarded: this.pending.forwarded,
      reads: this.pending.reads,
      isRunning: () => this.lifecycle === 'running',
    });
    this.loop = new SerialLoop({
      canRun: () => this.lifecycle === 'running',
      hasWork: () => {
        const engine = this.engine!;
        const { taker } = this.snapshots!;
        // A committed snapshot's log compaction goes first: it must not overlap a log write.
        if (taker.hasCompaction) return true;
        this.pending.handOver(engine);
        return engine.hasReady() || taker.isDue(this.processor.appliedIndex);
      },
      runOnce: () => this.runOnce(this.engine!, this.snapshots!),
      onError: (error) => this.fail(error),
    });
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  start(): Promise<void> {
    if (this.lifecycle === 'stopped') return Promise.reject(new NodeStoppedError());
    if (this.startPromise !== undefined) return this.startPromise;
    this.startPromise = this.doStart();
    return this.startPromise;
  }

  stop(): Promise<void> {
    this.stopPromise ??= this.shutdown(undefined);
    return this.stopPromise;
  }

  private async doStart(): Promise<void> {
    // A bad config is the caller's error, not a fatal one: reject without events.
    let config: RaftConfig;
    try {
      config = validateConfig(this.options.config);
    } catch (error) {
      this.lifecycle = 'stopped';
      throw error;
    }
    this.config = config;
    this.lifecycle = 'starting';
    try {
      const initial = await loadInitialState(config, this.options);
      if (this.stopRequested()) throw new NodeStoppedError();
      const engine = new RaftEngine(engineOptionsFromConfig(config, this.random), initial);
      this.engine = engine;
      // Restarted from a snapshot: the state machine holds everything up to its index already.
      this.processor.startFrom(initial.appliedIndex, initial.hardState);
      this.pending.tracker.skipThrough(initial.appliedIndex);
      this.snapshots = createSnapshotParts(config, this.options, {
        clock: this.clock,
        logger: this.logger,
        engine: () => engine,
        isRunning: () => this.lifecycle === 'running',
        wake: () => this.loop.wake(),
        onTaken: (metadata) => this.events.emit('snapshot-taken', { metadata }),
      });
      this.snapshots.taker.reset(initial.baseIndex);
      this.forwarding = this.createMembershipForwarding(config);
      const status = engine.status();
      this.role = status.role;
      this.term = status.term;
      this.leaderId = status.leaderId;
      this.transport.setPeers(initialPeers(status.membership, config.initialMembers, this.nodeId));
      // Set first: stop() must close a transport whose start failed halfway.
      this.transportStarted = true;
      await this.transport.start(this.onMessage);
      if (this.stopRequested()) throw new NodeStoppedError();
      this.lifecycle = 'running';
      this.ticker = new Ticker(this.clock, config.tickIntervalMs, this.onTick);
      this.ticker.start();
      // After a restart the engine already has work: committed entries to re-apply.
      this.loop.wake();
      this.logger.info('raft node started', {
        nodeId: this.nodeId,
        term: status.term,
        lastIndex: status.lastIndex,
      });
    } catch (error) {
      if (!this.stopRequested()) {
        if (error instanceof StorageError) this.fail(error);
        else this.stopPromise = this.shutdown(undefined);
      }
      throw error;
    }
  }

  /** Whether `stop()` (or a fatal error) has run; a method so TypeScript does not narrow across awaits. */
  private stopRequested(): boolean {
    return this.lifecycle === 'stopped';
  }

  /**
   * Stops the node: everything up to the returned promise is synchronous, so no request can slip
   * in between. See {@link PendingRequests.rejectAll} for what each waiting caller gets.
   */
  private shutdown(cause: Error | undefined): Promise<void> {
    const previous = this.lifecycle;
    const previousState = this.state();
    this.lifecycle = 'stopped';
    this.ticker?.stop();
    this.snapshots?.sender.cancelAll();
    this.snapshots?.receiver.stop();
    this.pending.rejectAll(cause);
    this.forwarding?.client.rejectAll(
      () =>
        new OutcomeUnknownError(
          cause === undefined ? 'the node stopped' : `the node stopped: ${cause.message}`,
        ),
    );
    this.waiters.rejectAll(() => new NodeStoppedError(cause === undefined ? undefined : { cause }));
    if (previous === 'running') {
      this.events.emit('role-changed', { state: 'stopped', previousState, term: this.term });
    }
    return this.finishShutdown();
  }

  /** Waits for in-flight I/O, then closes the transport. Never rejects. */
  private async finishShutdown(): Promise<void> {
    await this.startPromise?.catch(() => undefined);
    await this.loop.idle();
    if (this.snapshots !== undefined) {
      const { taker, sender, receiver } = this.snapshots;
      await Promise.all([taker.idle(), sender.idle(), receiver.idle()]);
    }
    if (!this.transportStarted) return;
    try {
      await this.transport.close();
    } catch (error) {
      this.logger.warn('closing the transport failed', { error });
    }
    this.logger.info('raft node stopped', { nodeId: this.nodeId });
  }

  /** Stops the node on an error it cannot recover from, then tells listeners. */
  private fail(cause: unknown): void {
    const error = cause instanceof Error ? cause : new Error(String(cause));
    if (this.lifecycle === 'stopped') {
      // Stopping already: a late store failure (say, the caller closed a store early) changes nothing.
      this.logger.debug('error after stop ignored', { error });
      return;
    }
    this.logger.error('raft node stopped on a fatal error', { error });
    this.stopPromise = this.shutdown(error);
    this.events.emit('fatal-error', { error });
  }

  // ---- inputs ----------------------------------------------------------------------------------

  propose(data: Uint8Array, options?: RequestOptions): Promise<unknown> {
    if (this.lifecycle !== 'running') return Promise.reject(new NodeStoppedError());
    const signal = options?.signal;
    if (signal === undefined) {
      // The hot path: the promise (and its executor) is the only allocation.
      return new Promise((resolve, reject) => {
        this.pending.propose(data, resolve, reject);
        this.loop.wake();
      });
    }
    if (signal.aborted) return Promise.reject(signal.reason);
    return new Promise((resolve, reject) => {
      const bound = bindAbortSignal(signal, resolve, reject);
      this.pending.propose(data, bound.resolve, bound.reject);
      this.loop.wake();
    });
  }

  read(options?: RequestOptions): Promise<void> {
    if (this.lifecycle !== 'running') return Promise.reject(new NodeStoppedError());
    const signal = options?.signal;
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const settle = { resolve: resolve as (value: unknown) => void, reject };
      const bound = signal === undefined ? settle : bindAbortSignal(signal, settle.resolve, settle.reject);
      this.pending.read(bound.resolve, bound.reject);
      this.loop.wake();
    });
  }

  join(nodeId: string, address: string, options?: JoinOptions): Promise<void> {
    return this.changeMembership({ kind: 'join', nodeId, address, voter: options?.voter ?? true });
  }

  leave(nodeId: string): Promise<void> {
    return this.changeMembership({ kind: 'leave', nodeId });
  }

  /** Runs a join or leave here if this node leads, else forwards it to the leader. */
  private changeMembership(operation: ForwardedMembershipOperation): Promise<void> {
    if (this.lifecycle !== 'running' || this.forwarding === undefined) {
      return Promise.reject(new NodeStoppedError());
    }
    const problem = memberIdentityProblem(
      operation.nodeId,
      operation.kind === 'join' ? operation.address : undefined,
    );
    if (problem !== undefined) return Promise.reject(new MembershipChangeError(problem));
    if (this.engine?.status().role === 'leader') return this.changeMembershipAsLeader(operation);
    return this.forwarding.client.forward(operation);
  }

  private changeMembershipAsLeader(operation: ForwardedMembershipOperation): Promise<void> {
    const host = this.membershipHost();
    return operation.kind === 'join'
      ? joinCluster(host, operation.nodeId, operation.address, operation.voter)
      : leaveCluster(host, operation.nodeId);
  }

  transferLeadership(to?: string): Promise<void> {
    return transferLeadership(
      {
        engineStatus: () => this.runningEngine().status(),
        startTransfer: (target) => {
          const result = this.runningEngine().transferLeadership(target);
          this.loop.wake();
          return result;
        },
        currentLeader: () => this.leaderId,
        waitUntil: (check, timeout) => this.waiters.wait(check, timeout),
        electionTimeoutMs: this.config?.electionTimeoutMs ?? 0,
      },
      to,
    );
  }

  private readonly onMessage = (message: Message): void => {
    // Messages can arrive while start() finishes: the engine takes them, the loop waits for 'running'.
    const engine = this.engine;
    if (engine === undefined || this.lifecycle === 'stopped') return;
    try {
      // The engine first: it checks the term and, for a chunk, resets the election timer.
      engine.step(message);
      if (message.type === 'install-snapshot') this.snapshots?.receiver.onChunk(message);
      else if (message.type === 'install-snapshot-response') this.snapshots?.sender.onResponse(message);
      else if (message.type === 'forward-membership') this.forwarding?.server.onRequest(message);
      else if (message.type === 'forward-membership-response') this.forwarding?.client.onResponse(message);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.loop.wake();
  };

  private readonly onTick = (): void => {
    const engine = this.engine;
    if (engine === undefined || this.lifecycle !== 'running') return;
    try {
      engine.tick();
      this.forwarding?.client.onTick();
    } catch (error) {
      this.fail(error);
      return;
    }
    // Catch-up and transfer conditions depend on progress the tick may not show; check anyway.
    this.waiters.checkAll();
    this.loop.wake();
  };

  // ---- observers -------------------------------------------------------------------------------

  isLeader(): boolean {
    return this.lifecycle === 'running' && this.role === 'leader';
  }

  leader(): string | undefined {
    return this.lifecycle === 'running' ? this.leaderId : undefined;
  }

  state(): NodeState {
    return this.lifecycle === 'running' ? this.role : 'stopped';
  }

  status(): NodeStatus {
    const engine = this.engine;
    if (engine === undefined) return notStartedStatus(this.nodeId);
    return {
      ...engine.status(),
      state: this.state(),
      appliedIndex: this.processor.appliedIndex,
      snapshotIndex: this.snapshots?.taker.latestIndex ?? 0,
    };
  }

  on<E extends keyof RaftNodeEvents>(event: E, listener: (payload: RaftNodeEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  // ---- the loop (see SerialLoop) ---------------------------------------------------------------

  /**
   * One turn of the loop: a pending log compaction first (it must not overlap a log write), else
   * the next Ready; then, between Readys, a snapshot if one is due.
   */
  private async runOnce(engine: RaftEngine, snapshots: SnapshotParts): Promise<void> {
    const { taker } = snapshots;
    if (taker.hasCompaction) {
      await taker.compact(engine);
      return;
    }
    if (engine.hasReady()) await this.process(engine, snapshots);
    if (this.lifecycle === 'running' && taker.isDue(this.processor.appliedIndex)) {
      await taker.capture(engine, this.processor.appliedIndex);
    }
  }

  /** Carries out one Ready (`ready.ts` gives the order), acknowledges it, then tells the world. */
  private async process(engine: RaftEngine, snapshots: SnapshotParts): Promise<void> {
    const ready = engine.ready();
    if (!(await this.processor.carryOut(ready))) return;
    // Transfers of an older leadership first: a new request for the same peer must not find the
    // peer busy with a transfer that is about to be cancelled (it would never be started).
    const soft = ready.softState;
    if (soft !== undefined) {
      if (soft.role === 'leader') snapshots.sender.cancelOtherTerms(soft.term);
      else snapshots.sender.cancelAll();
    }
    // Step 4's transfers: only while leading in the Ready's term (the engine asked as leader).
    if ((soft?.role ?? this.role) === 'leader') {
      const term = soft?.term ?? this.term;
      for (const transfer of ready.snapshotTransfers) snapshots.sender.start(transfer, term);
    }
    engine.advance(ready);
    if (ready.snapshot !== undefined) {
      snapshots.taker.noteInstalled(ready.snapshot);
      this.events.emit('snapshot-installed', { metadata: ready.snapshot });
    }
    if (soft !== undefined) {
      this.observeSoftState(soft);
    }
    if (ready.membership !== undefined) {
      this.events.emit('membership-changed', { membership: ready.membership });
    }
    this.waiters.checkAll();
  }

  /** Records the engine's new soft state and emits the matching events. */
  private observeSoftState(soft: SoftState): void {
    if (this.role === 'leader' && soft.role !== 'leader') {
      // Entries this node appended may still commit under the next leader, or be overwritten, and
      // nothing may ever be written at their indexes again if the cluster goes idle: do not leave
      // callers waiting for a verdict that may never come.
      this.pending.tracker.rejectAll(
        () => new OutcomeUnknownError('leadership was lost before the entry was applied'),
      );
    }
    const previousRole = this.role;
    const previousLeader = this.leaderId;
    const previousTerm = this.term;
    this.role = soft.role;
    this.term = soft.term;
    this.leaderId = soft.leaderId;
    if (soft.role !== previousRole) {
      this.events.emit('role-changed', { state: soft.role, previousState: previousRole, term: soft.term });
    }
    // A leader re-elected in a new term is a new leadership too (its lease and reads start over).
    if (soft.leaderId !== previousLeader || (soft.leaderId !== undefined && soft.term !== previousTerm)) {
      this.events.emit('leader-changed', { leaderId: soft.leaderId, term: soft.term });
    }
  }

  // ---- helpers for membership changes and transfers ---------------------------------------------

  private runningEngine(): RaftEngine {
    if (this.lifecycle !== 'running' || this.engine === undefined) throw new NodeStoppedError();
    return this.engine;
  }

  private createMembershipForwarding(config: RaftConfig): {
    client: MembershipForwardingClient;
    server: MembershipForwardingServer;
  } {
    const common = {
      nodeId: this.nodeId,
      currentLeader: () => this.runningEngine().status().leaderId,
      currentTerm: () => this.runningEngine().status().term,
    };
    const client = new MembershipForwardingClient(
      {
        ...common,
        send: (message) => this.transport.send([message]),
        awaitAppliedIndex: (index) => this.waiters.wait(() => this.processor.appliedIndex >= index),
        resendAfterTicks: engineTicksFromConfig(config).electionTicks,
      },
      // Differs across restarts, so the leader cannot mistake a request for one sent before.
      Math.floor(this.random() * 2 ** 31) + 1,
    );
    const server = new MembershipForwardingServer({
      ...common,
      run: (operation) => this.changeMembershipAsLeader(operation),
      send: (message) => this.transport.send([message]),
      appliedIndex: () => this.processor.appliedIndex,
    });
    return { client, server };
  }

  private membershipHost(): MembershipHost {
    return {
      engineStatus: () => this.runningEngine().status(),
      proposeMembershipChange: (change) => {
        const outcome = this.runningEngine().proposeMembershipChange([change]);
        this.loop.wake();
        return outcome;
      },
      awaitApplied: (index, term) => this.pending.awaitApplied(index, term),
      waitUntil: (check) => this.waiters.wait(check),
      catchUpThresholdEntries: this.config?.learnerCatchUpEntries ?? 0,
    };
  }
}
