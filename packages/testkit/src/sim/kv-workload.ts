import { isRaftError } from '@raft/core';
import type { AcknowledgedProposal } from '../invariants/observation.js';
import type { KvOperation } from '../linearizability/kv-operation.js';
import { describeKvOperation } from '../linearizability/kv-register-model.js';
import { encodeKvCommand, type KvCommand, type KvResult } from './kv-command.js';
import type { SimNode } from './sim-node.js';
import type { VirtualClock } from './virtual-clock.js';

/** The shape of the client workload. */
export interface KvWorkloadOptions {
  /** Concurrent clients; each has at most one request outstanding. */
  readonly clients: number;
  /** Keys the clients share (few keys: more contention, more interesting histories). */
  readonly keys: number;
  /** How long a client waits before it gives up on a request (outcome unknown), in ms. */
  readonly requestTimeoutMs: number;
  /** Pause between a client's requests, drawn uniformly from this range, in ms. */
  readonly thinkTimeMs: readonly [number, number];
  /** Fraction of reads served through `read()` (ReadIndex) rather than through the log. */
  readonly readBarrierRate: number;
}

/** What the workload needs from the simulation. */
export interface KvWorkloadContext {
  readonly clock: VirtualClock;
  readonly random: () => number;
  readonly nodes: readonly SimNode[];
  /** A strictly increasing time for the history (virtual ms, nudged apart when equal). */
  readonly historyTime: () => number;
  readonly onAcknowledged: (proposal: AcknowledgedProposal) => void;
  readonly trace: (text: string) => void;
  /** A bug in the workload itself (it never throws on purpose): the simulation fails the run. */
  readonly onError: (error: unknown) => void;
}

/** Errors after which the request certainly had no effect (nothing was appended, or it cannot commit). */
const DEFINITELY_NOT_APPLIED = new Set([
  'ERR_RAFT_NOT_LEADER',
  'ERR_RAFT_PROPOSAL_DROPPED',
  'ERR_RAFT_NODE_STOPPED',
]);

class RequestTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An operation as recorded at invocation, before its outcome is known. */
type InvokedOperation = DistributiveOmit<KvOperation, 'completedAt' | 'output'>;

/** A request in flight: everything needed to record it whatever happens. */
interface InFlight {
  readonly operation: InvokedOperation;
}

/**
 * Clients running register operations (get, put, delete, compare-and-set) on random keys against
 * the simulated cluster, recording a history for the linearizability checker and every
 * acknowledged write for the durability invariant. Requests that time out, or whose node dies,
 * are recorded with an unknown outcome; requests that certainly failed are left out.
 */
export class KvWorkload {
  /** The recorded history (completed and unknown-outcome operations). */
  readonly history: KvOperation[] = [];
  private readonly inFlight = new Set<InFlight>();
  private stopped = false;
  private nextRequest = 1;
  /** Counters for the run summary. */
  readonly counts = { invoked: 0, completed: 0, unknown: 0, failed: 0 };

  constructor(
    private readonly context: KvWorkloadContext,
    private readonly options: KvWorkloadOptions,
  ) {}

  /** Starts every client. */
  start(): void {
    for (let client = 1; client <= this.options.clients; client++) this.scheduleNext(`c${client}`);
  }

  /** Stops issuing new requests (outstanding ones run to their end). */
  stop(): void {
    this.stopped = true;
  }

  /** How many requests are outstanding. */
  outstanding(): number {
    return this.inFlight.size;
  }

  /** Records every outstanding request as outcome-unknown (at the end of a run). */
  abandonOutstanding(): void {
    for (const request of this.inFlight) this.finishUnknown(request);
    this.inFlight.clear();
  }

  private scheduleNext(clientId: string): void {
    if (this.stopped) return;
    const [min, max] = this.options.thinkTimeMs;
    const delay = min + this.context.random() * (max - min);
    this.context.clock.setTimeout(() => {
      this.runRequest(clientId).then(
        () => this.scheduleNext(clientId),
        (error: unknown) => this.context.onError(error),
      );
    }, delay);
  }

  private pickNode(): SimNode | undefined {
    const { nodes, random } = this.context;
    const alive = nodes.filter((node) => node.alive && node.node !== undefined);
    if (alive.length === 0) return undefined;
    // Mostly the leader, as a real client that follows leader hints would; sometimes any node.
    const leader = alive.find((node) => node.node?.isLeader());
    if (leader !== undefined && random() < 0.7) return leader;
    return alive[Math.floor(random() * alive.length)];
  }

  private async runRequest(clientId: string): Promise<void> {
    if (this.stopped) return;
    const target = this.pickNode();
    const node = target?.node;
    if (target === undefined || node === undefined) return;
    const { random } = this.context;
    const key = `k${Math.floor(random() * this.options.keys)}`;
    const id = `${clientId}-${this.nextRequest++}`;
    const roll = random();
    const incarnation = target.incarnation;
    const stillSameProcess = () => target.alive && target.incarnation === incarnation;
    let command: KvCommand;
    if (roll < 0.35) command = { op: 'get', id, key };
    else if (roll < 0.7) command = { op: 'put', id, key, value: id };
    else if (roll < 0.8) command = { op: 'delete', id, key };
    else {
      const expected = random() < 0.5 ? (target.stateMachine?.get(key) ?? null) : null;
      command = { op: 'cas', id, key, expected, value: id };
    }
    const useBarrier = command.op === 'get' && random() < this.options.readBarrierRate;
    const request: InFlight = { operation: this.baseOperation(clientId, command) };
    this.inFlight.add(request);
    this.counts.invoked += 1;
    const controller = new AbortController();
    const timer = this.context.clock.setTimeout(
      () => controller.abort(new RequestTimeoutError(this.options.requestTimeoutMs)),
      this.options.requestTimeoutMs,
    );
    try {
      if (useBarrier) {
        await node.read({ signal: controller.signal });
        const stateMachine = target.stateMachine;
        if (!stillSameProcess() || stateMachine === undefined) throw new Error('the node died');
        this.finish(request, { value: stateMachine.get(key) });
      } else {
        const data = encodeKvCommand(command);
        const result = (await node.propose(data, { signal: controller.signal })) as KvResult;
        if (!stillSameProcess()) throw new Error('the node died');
        this.context.onAcknowledged({ index: result.index, term: result.term, data, nodeId: target.id });
        this.finish(
          request,
          command.op === 'cas'
            ? { succeeded: result.succeeded === true }
            : { value: result.value ?? undefined },
        );
      }
    } catch (error) {
      if (!this.inFlight.has(request)) return;
      const certain = isRaftError(error) && DEFINITELY_NOT_APPLIED.has(error.code);
      // A read that failed had no effect whatever happened, so it is left out like a certain failure.
      if (certain || command.op === 'get') {
        this.inFlight.delete(request);
        this.counts.failed += 1;
        this.context.trace(
          `${clientId} ${command.op}(${key}) on ${target.id} failed: ${describeError(error)}`,
        );
      } else {
        this.context.trace(
          `${clientId} ${command.op}(${key}) on ${target.id}: outcome unknown (${describeError(error)})`,
        );
        this.inFlight.delete(request);
        this.finishUnknown(request);
      }
    } finally {
      this.context.clock.clearTimeout(timer);
    }
  }

  private baseOperation(clientId: string, command: KvCommand): InvokedOperation {
    const base = { clientId, key: command.key, invokedAt: this.context.historyTime() };
    switch (command.op) {
      case 'get':
        return { ...base, kind: 'get' };
      case 'put':
        return { ...base, kind: 'put', value: command.value };
      case 'delete':
        return { ...base, kind: 'delete' };
      case 'cas':
        return { ...base, kind: 'cas', expected: command.expected ?? undefined, value: command.value };
    }
  }

  private finish(request: InFlight, output: { value?: string | undefined; succeeded?: boolean }): void {
    if (!this.inFlight.delete(request)) return;
    const completedAt = this.context.historyTime();
    const operation = request.operation;
    let recorded: KvOperation;
    if (operation.kind === 'get') recorded = { ...operation, completedAt, output: { value: output.value } };
    else if (operation.kind === 'cas') {
      recorded = { ...operation, completedAt, output: { succeeded: output.succeeded === true } };
    } else recorded = { ...operation, completedAt };
    this.history.push(recorded);
    this.counts.completed += 1;
    this.context.trace(describeKvOperation(recorded));
  }

  private finishUnknown(request: InFlight): void {
    this.history.push({ ...request.operation, completedAt: undefined });
    this.counts.unknown += 1;
  }
}

function describeError(error: unknown): string {
  if (isRaftError(error)) return error.code;
  return error instanceof Error ? error.message : String(error);
}
