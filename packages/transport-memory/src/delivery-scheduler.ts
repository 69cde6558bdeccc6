import type { Clock, Message } from '@raft/core';

/** A message (or duplicated copy) on its way. */
interface InFlight {
  /** The sending node: with `message.to`, the link it travels on. */
  readonly from: string;
  readonly message: Message;
  /** When it is due, in the clock's ms. */
  readonly dueMs: number;
  /** The FIFO queue of its link, or undefined for a reordered message, which travels alone. */
  readonly queue: LinkQueue | undefined;
  /** The message behind it in its link's queue. */
  next: InFlight | undefined;
  /** Set once it has been handed to `deliver`; later triggers for it do nothing. */
  settled: boolean;
}

/** The in-order messages of one directed link, oldest first. A linked list: O(1) at both ends. */
interface LinkQueue {
  head: InFlight | undefined;
  tail: InFlight | undefined;
}

/**
 * Hands messages to `deliver` after their delay, preserving FIFO order per directed link.
 *
 * How: every in-order message joins its link's queue with a due time no earlier than the message
 * ahead of it (a per-link "not before"), so delay jitter alone never reorders. When a message's
 * trigger fires, it releases its link's queue up to and including itself. That makes the order
 * independent of the order in which the clock runs timers that are due at the same time, and lets a
 * zero-delay message that is behind a delayed one wait for it.
 *
 * Zero-delay messages are released together in one `queueMicrotask` rather than one
 * `clock.setTimeout(0)` each: a Node timer costs about 1 ms, which would dominate any benchmark.
 */
export class DeliveryScheduler {
  readonly #clock: Clock;
  readonly #deliver: (from: string, message: Message) => void;
  /** from → to → queue; a queue is removed once empty, so idle links cost nothing. */
  readonly #links = new Map<string, Map<string, LinkQueue>>();
  /** Zero-delay messages waiting for the microtask. */
  #dueNow: InFlight[] = [];
  #microtaskQueued = false;

  constructor(clock: Clock, deliver: (from: string, message: Message) => void) {
    this.#clock = clock;
    this.#deliver = deliver;
  }

  /** Schedules `message` from `from` in its link's FIFO order, at least `delayMs` from now. */
  inOrder(from: string, message: Message, delayMs: number): void {
    const queue = this.#queue(from, message.to);
    const now = this.#clock.now();
    // The per-link "not before": never due before the message ahead of it on this link.
    const dueMs = Math.max(now + delayMs, queue.tail?.dueMs ?? Number.NEGATIVE_INFINITY);
    const flight: InFlight = { from, message, dueMs, queue, next: undefined, settled: false };
    if (queue.tail === undefined) queue.head = flight;
    else queue.tail.next = flight;
    queue.tail = flight;
    this.#trigger(flight, now);
  }

  /** Schedules `message` from `from` outside its link's FIFO order, so later messages may overtake it. */
  outOfOrder(from: string, message: Message, delayMs: number): void {
    const now = this.#clock.now();
    const flight: InFlight = {
      from,
      message,
      dueMs: now + delayMs,
      queue: undefined,
      next: undefined,
      settled: false,
    };
    this.#trigger(flight, now);
  }

  #trigger(flight: InFlight, now: number): void {
    if (flight.dueMs > now) {
      this.#clock.setTimeout(() => this.#release(flight), flight.dueMs - now);
      return;
    }
    this.#dueNow.push(flight);
    if (!this.#microtaskQueued) {
      this.#microtaskQueued = true;
      queueMicrotask(() => this.#releaseDueNow());
    }
  }

  #releaseDueNow(): void {
    // Swapped out first: handlers may send, and those messages belong to the next microtask.
    const batch = this.#dueNow;
    this.#dueNow = [];
    this.#microtaskQueued = false;
    for (const flight of batch) this.#release(flight);
  }

  /** Delivers `flight`, and first every message ahead of it on its link (they are due no later). */
  #release(flight: InFlight): void {
    if (flight.settled) return;
    const queue = flight.queue;
    if (queue === undefined) {
      flight.settled = true;
      this.#deliver(flight.from, flight.message);
      return;
    }
    let head: InFlight | undefined;
    do {
      head = queue.head;
      // Unreachable while `flight` is unsettled, because it is still in the queue; kept as a guard.
      if (head === undefined) break;
      queue.head = head.next;
      if (queue.head === undefined) queue.tail = undefined;
      head.next = undefined;
      head.settled = true;
      this.#deliver(head.from, head.message);
    } while (head !== flight);
    if (queue.head === undefined) this.#dropQueue(flight.from, flight.message.to, queue);
  }

  #queue(from: string, to: string): LinkQueue {
    let targets = this.#links.get(from);
    if (targets === undefined) {
      targets = new Map();
      this.#links.set(from, targets);
    }
    let queue = targets.get(to);
    if (queue === undefined) {
      queue = { head: undefined, tail: undefined };
      targets.set(to, queue);
    }
    return queue;
  }

  #dropQueue(from: string, to: string, queue: LinkQueue): void {
    const targets = this.#links.get(from);
    // Only if it is still this link's queue: a handler may have emptied and replaced it meanwhile.
    if (targets?.get(to) !== queue) return;
    targets.delete(to);
    if (targets.size === 0) this.#links.delete(from);
  }
}
