import type { ResolvedLinkFaults } from './link-faults.js';

/** What the faults of a link decided for one message (see {@link drawFate}). */
export type MessageFate =
  | { readonly lost: true }
  | {
      readonly lost: false;
      /** One entry per copy to deliver: the original, then the duplicate if there is one. */
      readonly copies: readonly CopyFate[];
    };

/** How one copy of a message travels. */
export interface CopyFate {
  /** The delay before delivery, in ms, including any extra reordering delay. */
  readonly delayMs: number;
  /** Whether this copy leaves the link's FIFO order, so that later messages may overtake it. */
  readonly reordered: boolean;
}

/**
 * Decides the fate of one message on a link with `faults`, drawing from `random`.
 *
 * The draw order is part of the network's determinism contract (same seed and same script, same
 * run), so it is fixed: loss; then duplication; then for each copy in turn its delay, whether it is
 * reordered, and its extra reordering delay. A draw is made only for a fault that is active (a rate
 * above 0, or `maxDelayMs` above `minDelayMs`), so a fault-free link consumes no randomness.
 */
export function drawFate(faults: ResolvedLinkFaults, random: () => number): MessageFate {
  // random() is in [0, 1), so a rate of 1 always fires and a rate of 0 is never drawn for.
  if (faults.dropRate > 0 && random() < faults.dropRate) return { lost: true };
  const duplicated = faults.duplicateRate > 0 && random() < faults.duplicateRate;
  const copies = [drawCopy(faults, random)];
  if (duplicated) copies.push(drawCopy(faults, random));
  return { lost: false, copies };
}

function drawCopy(faults: ResolvedLinkFaults, random: () => number): CopyFate {
  const { minDelayMs, maxDelayMs } = faults;
  let delayMs = maxDelayMs > minDelayMs ? minDelayMs + random() * (maxDelayMs - minDelayMs) : minDelayMs;
  const reordered = faults.reorderRate > 0 && random() < faults.reorderRate;
  // 1 - random() is in (0, 1], so a reordered copy is always strictly later than its own delay.
  if (reordered) delayMs += faults.reorderDelayMs * (1 - random());
  return { delayMs, reordered };
}
