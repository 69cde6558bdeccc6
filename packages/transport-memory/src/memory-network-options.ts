import type { Clock, Message } from '@raft/core';
import type { LinkFaults } from './link-faults.js';

/** Options of {@link createMemoryNetwork}. */
export interface MemoryNetworkOptions {
  /** Times delayed deliveries (`clock.setTimeout`): a virtual clock in simulation, the system clock otherwise. */
  readonly clock: Clock;
  /**
   * A seeded generator of numbers in [0, 1), such as `createSeededRandom(seed)` from `@raft/core`.
   * Every fault decision draws from it in a fixed order, so a run is reproducible from its seed.
   */
  readonly random: () => number;
  /**
   * Faults of every link that has no more specific `setFaults` rule: the initial `* → *` rule.
   * `clearFaults()` removes it too. Defaults to none (a perfect network).
   */
  readonly defaultFaults?: LinkFaults;
  /**
   * Called when a receiver's handler throws, after the error is counted in `stats().handlerErrors`.
   * Lets a test fail loudly on a node bug that the network itself shrugs off. Must not throw: if it
   * does, the error is rethrown from a microtask so that delivery carries on.
   */
  readonly onHandlerError?: (error: unknown, message: Message) => void;
}
