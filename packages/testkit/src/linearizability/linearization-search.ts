import type { LinearizationModel } from './linearization-model.js';

/** The timing every operation handed to {@link searchLinearization} must expose. */
export interface TimedOperation {
  readonly invokedAt: number;
  /** `undefined` for an operation whose outcome is unknown: it may take effect after `invokedAt`, or never. */
  readonly completedAt: number | undefined;
}

/**
 * Where the search got furthest before it had to give up: the deepest point at which some
 * completed operation could not be linearized before its response.
 */
export interface StuckPoint<Operation, State> {
  /** The operations linearized up to that point, in linearization order. */
  readonly linearized: readonly Operation[];
  /** The model state after `linearized`. */
  readonly state: State;
  /** The completed operation whose response arrived before it (or any alternative) could take effect. */
  readonly blocking: Operation;
  /** Every operation that was a candidate to go next there (including `blocking`); none fit. */
  readonly candidates: readonly Operation[];
}

/** The outcome of {@link searchLinearization}. */
export type SearchResult<Operation, State> =
  | { readonly ok: true; readonly exploredStates: number }
  | {
      readonly ok: false;
      /** True when the search ran out of budget: the history may still be linearizable. */
      readonly inconclusive: boolean;
      readonly exploredStates: number;
      /** Undefined only when the search was inconclusive before it ever got stuck. */
      readonly stuck: StuckPoint<Operation, State> | undefined;
    };

/** Tuning for {@link searchLinearization}. */
export interface SearchOptions {
  /** Give up (inconclusive) after memoizing this many distinct (set, state) configurations. */
  readonly maxExploredStates?: number;
}

/** A node of the doubly-linked event list the search removes operations from ("dancing links"). */
interface EventNode {
  readonly isCall: boolean;
  /** The operation's position in the input. */
  readonly id: number;
  /** For a call: its return event, or null for an operation with unknown outcome (returns at +∞). */
  match: EventNode | null;
  prev: EventNode | null;
  next: EventNode | null;
}

const DEFAULT_MAX_EXPLORED_STATES = 2_000_000;

/**
 * Decides whether a history is linearizable with respect to a sequential model, using Wing & Gong's
 * search with Lowe's just-in-time linearization and memoization of (linearized set, state) — the
 * algorithm of Porcupine and Knossos' "linear" checker.
 *
 * The history is a list of call and return events in time order. The search repeatedly picks a
 * pending call that is minimal (no return precedes it in the remaining list), applies it to the model
 * and removes it; meeting a return event means that operation was not linearized before it
 * responded, so it backtracks. A configuration already explored (same set of linearized operations,
 * same model state) is never explored twice, which keeps histories of a few thousand operations with
 * modest concurrency fast.
 *
 * Operations with an unknown outcome have no return event (their response is at +∞), so they are
 * never forced: the search succeeds once every completed operation is linearized, leaving any
 * unknown-outcome operations it did not need un-applied ("never happened").
 */
export function searchLinearization<Operation extends TimedOperation, State>(
  model: LinearizationModel<State, Operation>,
  operations: readonly Operation[],
  options: SearchOptions = {},
): SearchResult<Operation, State> {
  const maxExploredStates = options.maxExploredStates ?? DEFAULT_MAX_EXPLORED_STATES;
  const head = buildEventList(operations);
  let remainingReturns = operations.filter((operation) => operation.completedAt !== undefined).length;

  const linearized = new Uint32Array(Math.ceil(operations.length / 32) || 1);
  // Zobrist hashing: the set's hash is the XOR of a fixed random word per member, updated in O(1).
  const operationHashes = zobristWords(operations.length);
  let setHash = 0;
  const cache = new ConfigurationCache<State>(model);

  let state = model.initialState();
  const stack: { call: EventNode; previousState: State }[] = [];
  let stuck: StuckPoint<Operation, State> | undefined;
  let entry = head.next;

  while (remainingReturns > 0) {
    if (entry === null) throw new Error('linearization search: event list exhausted with returns pending');
    if (entry.isCall) {
      const operation = operations[entry.id]!;
      const result = model.step(state, operation, entry.match !== null);
      if (result.ok) {
        const word = entry.id >>> 5;
        const bit = 1 << (entry.id & 31);
        linearized[word]! |= bit;
        const candidateHash = (setHash ^ operationHashes[entry.id]!) >>> 0;
        if (cache.add(candidateHash, linearized, result.state)) {
          if (cache.size > maxExploredStates) {
            return { ok: false, inconclusive: true, exploredStates: cache.size, stuck };
          }
          stack.push({ call: entry, previousState: state });
          state = result.state;
          setHash = candidateHash;
          unlink(entry);
          if (entry.match !== null) remainingReturns -= 1;
          entry = head.next;
          continue;
        }
        linearized[word]! &= ~bit;
      }
      entry = entry.next;
      continue;
    }

    // A return event: the operation it belongs to was not linearized in time on this path.
    if (stuck === undefined || stack.length > stuck.linearized.length) {
      stuck = describeStuckPoint(operations, head, entry, stack, state);
    }
    const top = stack.pop();
    if (top === undefined) {
      return { ok: false, inconclusive: false, exploredStates: cache.size, stuck };
    }
    state = top.previousState;
    linearized[top.call.id >>> 5]! &= ~(1 << (top.call.id & 31));
    setHash = (setHash ^ operationHashes[top.call.id]!) >>> 0;
    relink(top.call);
    if (top.call.match !== null) remainingReturns += 1;
    entry = top.call.next;
  }
  return { ok: true, exploredStates: cache.size };
}

/** Builds the time-ordered event list behind a sentinel head. */
function buildEventList(operations: readonly TimedOperation[]): EventNode {
  const events: { time: number; node: EventNode }[] = [];
  operations.forEach((operation, id) => {
    if (operation.completedAt !== undefined && operation.completedAt < operation.invokedAt) {
      throw new RangeError(
        `operation ${id} completes (${operation.completedAt}) before it is invoked (${operation.invokedAt})`,
      );
    }
    const call: EventNode = { isCall: true, id, match: null, prev: null, next: null };
    events.push({ time: operation.invokedAt, node: call });
    if (operation.completedAt !== undefined) {
      const response: EventNode = { isCall: false, id, match: call, prev: null, next: null };
      call.match = response;
      events.push({ time: operation.completedAt, node: response });
    }
  });
  // Calls sort before returns at equal times: touching operations count as concurrent (permissive).
  events.sort(
    (a, b) =>
      a.time - b.time ||
      Number(a.node.isCall ? 0 : 1) - Number(b.node.isCall ? 0 : 1) ||
      a.node.id - b.node.id,
  );
  const head: EventNode = { isCall: false, id: -1, match: null, prev: null, next: null };
  let last = head;
  for (const { node } of events) {
    node.prev = last;
    last.next = node;
    last = node;
  }
  return head;
}

/** Removes a call and its return from the list; they keep their links so {@link relink} can undo it. */
function unlink(call: EventNode): void {
  call.prev!.next = call.next;
  if (call.next !== null) call.next.prev = call.prev;
  const response = call.match;
  if (response !== null) {
    response.prev!.next = response.next;
    if (response.next !== null) response.next.prev = response.prev;
  }
}

/** Undoes {@link unlink}; correct only in LIFO order, which the search's stack guarantees. */
function relink(call: EventNode): void {
  const response = call.match;
  if (response !== null) {
    response.prev!.next = response;
    if (response.next !== null) response.next.prev = response;
  }
  call.prev!.next = call;
  if (call.next !== null) call.next.prev = call;
}

function describeStuckPoint<Operation, State>(
  operations: readonly Operation[],
  head: EventNode,
  blocking: EventNode,
  stack: readonly { call: EventNode }[],
  state: State,
): StuckPoint<Operation, State> {
  const candidates: Operation[] = [];
  for (let node = head.next; node !== null && node !== blocking; node = node.next) {
    if (node.isCall) candidates.push(operations[node.id]!);
  }
  return {
    linearized: stack.map((frame) => operations[frame.call.id]!),
    state,
    blocking: operations[blocking.id]!,
    candidates,
  };
}

/** Deterministic pseudo-random 32-bit words (xorshift32), one per operation. */
function zobristWords(count: number): Uint32Array {
  const words = new Uint32Array(count);
  let x = 0x9e3779b9;
  for (let i = 0; i < count; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    words[i] = x >>> 0;
  }
  return words;
}

/** The memo of explored configurations: (set of linearized operations, model state). */
class ConfigurationCache<State> {
  private readonly buckets = new Map<number, { bits: Uint32Array; state: State }[]>();
  size = 0;

  constructor(private readonly model: LinearizationModel<State, unknown>) {}

  /** Records a configuration; returns false if it was already there. */
  add(setHash: number, bits: Uint32Array, state: State): boolean {
    const key = (Math.imul(setHash, 31) + this.model.hash(state)) | 0;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = [];
      this.buckets.set(key, bucket);
    }
    for (const known of bucket) {
      if (this.model.equal(known.state, state) && sameBits(known.bits, bits)) return false;
    }
    bucket.push({ bits: bits.slice(), state });
    this.size += 1;
    return true;
  }
}

function sameBits(a: Uint32Array, b: Uint32Array): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
