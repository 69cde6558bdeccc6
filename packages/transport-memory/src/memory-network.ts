import type { Message } from '@raft/core';
import { DeliveryScheduler } from './delivery-scheduler.js';
import { drawFate } from './draw-fate.js';
import { InvalidNodeIdError } from './errors/invalid-node-id-error.js';
import { type LinkFaults, NO_FAULTS, type ResolvedLinkFaults, resolveLinkFaults } from './link-faults.js';
import { LinkTable } from './link-table.js';
import type { MemoryNetworkOptions } from './memory-network-options.js';
import { type MemoryTransport, MemoryTransportEndpoint, type TransportHost } from './memory-transport.js';
import { NetworkCounters, type NetworkStats } from './network-stats.js';
import { ANY_NODE } from './wildcard.js';

/**
 * An in-process network of {@link MemoryTransport}s with seeded fault injection, for tests,
 * examples, benchmarks and deterministic simulation.
 *
 * Every fault is per directed link (from → to); `from` and `to` of a rule may be the `'*'` wildcard.
 * Cuts (`partition`, `blockLink`, `isolate`) are all-or-nothing and are checked both when a message
 * is sent and when it is due: a message in flight when a cut starts is dropped, as a real network
 * loses the packets on a link that goes down; this also makes a partition take effect at once, which
 * keeps simulation scripts easy to reason about. Probabilistic faults (`setFaults`) are decided once,
 * when the message is sent.
 */
export interface MemoryNetwork {
  /**
   * Creates the transport of node `nodeId`. To restart a node, close its old transport and create a
   * new one with the same id: messages still in flight to that id go to the new one once started.
   *
   * @throws InvalidNodeIdError if the id is empty, `'*'`, or used by a transport that is not closed.
   */
  createTransport(nodeId: string): MemoryTransport;
  /** Cuts every link between the two groups, both ways (a symmetric partition); links within a group are untouched. */
  partition(groupA: readonly string[], groupB: readonly string[]): void;
  /** Cuts the one-way link `from → to` (either may be `'*'`), for asymmetric partitions. */
  blockLink(from: string, to: string): void;
  /** Removes the cut `from → to` made by `blockLink` or `partition`; a wildcard cut that also covers it stays. */
  unblockLink(from: string, to: string): void;
  /** Cuts every link into and out of `nodeId`. */
  isolate(nodeId: string): void;
  /** Removes every cut. Probabilistic faults stay: see `clearFaults`. */
  heal(): void;
  /** Whether the link `from → to` (concrete node ids) is cut now. */
  isLinkCut(from: string, to: string): boolean;
  /**
   * Sets the probabilistic faults of the link `from → to` (either may be `'*'`), replacing any rule
   * for exactly that link. A link takes the most specific rule: `from → to`, then `from → *`, then
   * `* → to`, then `* → *`; set `{}` to exempt one link from a wildcard rule.
   *
   * @throws InvalidFaultError if a rate is outside [0, 1], a delay is negative, or min > max.
   */
  setFaults(from: string, to: string, faults: LinkFaults): void;
  /** Removes every probabilistic fault, including `defaultFaults`. Cuts stay: see `heal`. */
  clearFaults(): void;
  /** A snapshot of the counters since the network was created. */
  stats(): NetworkStats;
}

/**
 * Creates an in-process network. Deliveries are by reference (messages are immutable), zero-delay
 * ones in a microtask and delayed ones through `options.clock`.
 *
 * @throws InvalidFaultError if `options.defaultFaults` is invalid.
 */
export function createMemoryNetwork(options: MemoryNetworkOptions): MemoryNetwork {
  return new InProcessNetwork(options);
}

class InProcessNetwork implements MemoryNetwork, TransportHost {
  readonly #random: () => number;
  readonly #onHandlerError: MemoryNetworkOptions['onHandlerError'];
  readonly #scheduler: DeliveryScheduler;
  readonly #endpoints = new Map<string, MemoryTransportEndpoint>();
  /** Cut links; the value is unused, a rule's presence is the cut. */
  readonly #cuts = new LinkTable<true>();
  readonly #faults = new LinkTable<ResolvedLinkFaults>();
  readonly #counters = new NetworkCounters();

  constructor(options: MemoryNetworkOptions) {
    this.#random = options.random;
    this.#onHandlerError = options.onHandlerError;
    this.#scheduler = new DeliveryScheduler(options.clock, (from, message) => this.#deliver(from, message));
    if (options.defaultFaults !== undefined) this.setFaults(ANY_NODE, ANY_NODE, options.defaultFaults);
  }

  createTransport(nodeId: string): MemoryTransport {
    if (nodeId === '') throw new InvalidNodeIdError(nodeId, 'must not be empty');
    if (nodeId === ANY_NODE) throw new InvalidNodeIdError(nodeId, `"${ANY_NODE}" is the link wildcard`);
    const existing = this.#endpoints.get(nodeId);
    if (existing !== undefined && existing.state !== 'closed') {
      throw new InvalidNodeIdError(nodeId, 'a transport with this id is still open; close it first');
    }
    const endpoint = new MemoryTransportEndpoint(nodeId, this);
    this.#endpoints.set(nodeId, endpoint);
    return endpoint;
  }

  partition(groupA: readonly string[], groupB: readonly string[]): void {
    for (const a of groupA) {
      for (const b of groupB) {
        // A node listed on both sides keeps its link to itself.
        if (a === b) continue;
        this.#cuts.set(a, b, true);
        this.#cuts.set(b, a, true);
      }
    }
  }

  blockLink(from: string, to: string): void {
    this.#cuts.set(from, to, true);
  }

  unblockLink(from: string, to: string): void {
    this.#cuts.delete(from, to);
  }

  isolate(nodeId: string): void {
    this.#cuts.set(nodeId, ANY_NODE, true);
    this.#cuts.set(ANY_NODE, nodeId, true);
  }

  heal(): void {
    this.#cuts.clear();
  }

  isLinkCut(from: string, to: string): boolean {
    return this.#cuts.lookup(from, to) !== undefined;
  }

  setFaults(from: string, to: string, faults: LinkFaults): void {
    this.#faults.set(from, to, resolveLinkFaults(faults));
  }

  clearFaults(): void {
    this.#faults.clear();
  }

  stats(): NetworkStats {
    return this.#counters.snapshot();
  }

  send(sender: MemoryTransportEndpoint, messages: readonly Message[]): void {
    const counters = this.#counters;
    const from = sender.nodeId;
    for (const message of messages) {
      counters.sent += 1;
      if (sender.state === 'closed') {
        counters.drop('closed');
        continue;
      }
      // The link is named by the sending transport, not by `message.from`, which it cannot vouch for.
      if (this.#cuts.lookup(from, message.to) !== undefined) {
        counters.drop('partition');
        continue;
      }
      const faults = this.#faults.lookup(from, message.to) ?? NO_FAULTS;
      if (faults === NO_FAULTS) {
        // The fast path of benchmarks and fault-free tests: no allocation, no random draw.
        counters.inFlight += 1;
        this.#scheduler.inOrder(from, message, 0);
        continue;
      }
      const fate = drawFate(faults, this.#random);
      if (fate.lost) {
        counters.drop('loss');
        continue;
      }
      counters.duplicated += fate.copies.length - 1;
      for (const copy of fate.copies) {
        counters.inFlight += 1;
        if (copy.reordered) {
          counters.reordered += 1;
          this.#scheduler.outOfOrder(from, message, copy.delayMs);
        } else {
          this.#scheduler.inOrder(from, message, copy.delayMs);
        }
      }
    }
  }

  #deliver(from: string, message: Message): void {
    const counters = this.#counters;
    counters.inFlight -= 1;
    if (this.#cuts.lookup(from, message.to) !== undefined) {
      counters.drop('partition');
      return;
    }
    const receiver = this.#endpoints.get(message.to);
    if (receiver === undefined || receiver.state === 'created') {
      counters.drop('noReceiver');
      return;
    }
    if (receiver.state === 'closed') {
      counters.drop('closed');
      return;
    }
    counters.delivered += 1;
    try {
      receiver.receive(message);
    } catch (error) {
      // One node's bug must not take down the whole in-process network: count it and carry on.
      counters.handlerErrors += 1;
      this.#reportHandlerError(error, message);
    }
  }

  #reportHandlerError(error: unknown, message: Message): void {
    if (this.#onHandlerError === undefined) return;
    try {
      this.#onHandlerError(error, message);
    } catch (reportError) {
      // Rethrown out of band so it is still seen (as an uncaught error) without aborting delivery.
      queueMicrotask(() => {
        throw reportError;
      });
    }
  }
}
