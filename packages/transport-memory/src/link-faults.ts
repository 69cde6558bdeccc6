import { InvalidFaultError } from './errors/invalid-fault-error.js';

/**
 * The probabilistic faults of one directed link. Every field is optional and defaults to "no
 * fault"; rates are probabilities in [0, 1] and delays are milliseconds of the network's clock.
 */
export interface LinkFaults {
  /** Probability that a message is lost. */
  readonly dropRate?: number;
  /** Probability that a message is delivered twice (the copy gets its own delay). */
  readonly duplicateRate?: number;
  /**
   * Probability that a message leaves the link's FIFO order: it gets an extra delay of up to
   * `reorderDelayMs`, and messages sent after it may overtake it.
   */
  readonly reorderRate?: number;
  /** The least delay of a message, in ms. Defaults to 0. */
  readonly minDelayMs?: number;
  /** The greatest delay of a message, in ms; each delay is drawn uniformly in [min, max]. Defaults to `minDelayMs`. */
  readonly maxDelayMs?: number;
  /**
   * The greatest extra delay, in ms, of a reordered message; must be above 0. Defaults to the
   * larger of `maxDelayMs` and 10 ms, long enough for a busy leader's next messages to overtake it.
   */
  readonly reorderDelayMs?: number;
}

/** A validated {@link LinkFaults} with every default filled in. */
export interface ResolvedLinkFaults {
  readonly dropRate: number;
  readonly duplicateRate: number;
  readonly reorderRate: number;
  readonly minDelayMs: number;
  readonly maxDelayMs: number;
  readonly reorderDelayMs: number;
}

/** The least default for `reorderDelayMs`, in ms (see {@link LinkFaults.reorderDelayMs}). */
const DEFAULT_REORDER_DELAY_MS = 10;

/** A perfect link. Compared by identity so that fault-free sends skip every random draw. */
export const NO_FAULTS: ResolvedLinkFaults = Object.freeze({
  dropRate: 0,
  duplicateRate: 0,
  reorderRate: 0,
  minDelayMs: 0,
  maxDelayMs: 0,
  reorderDelayMs: DEFAULT_REORDER_DELAY_MS,
});

/**
 * Validates `faults` and fills in the defaults.
 *
 * @throws InvalidFaultError naming the first field that is out of range.
 */
export function resolveLinkFaults(faults: LinkFaults): ResolvedLinkFaults {
  const dropRate = rate(faults, 'dropRate');
  const duplicateRate = rate(faults, 'duplicateRate');
  const reorderRate = rate(faults, 'reorderRate');
  const minDelayMs = delay(faults, 'minDelayMs', 0);
  const maxDelayMs = delay(faults, 'maxDelayMs', minDelayMs);
  if (minDelayMs > maxDelayMs) {
    throw new InvalidFaultError('minDelayMs', `must not exceed maxDelayMs (${minDelayMs} > ${maxDelayMs})`);
  }
  const reorderDelayMs = delay(faults, 'reorderDelayMs', Math.max(maxDelayMs, DEFAULT_REORDER_DELAY_MS));
  if (reorderDelayMs === 0) {
    // A zero extra delay would count a message as reordered without letting anything overtake it.
    throw new InvalidFaultError('reorderDelayMs', 'must be above 0');
  }
  return { dropRate, duplicateRate, reorderRate, minDelayMs, maxDelayMs, reorderDelayMs };
}

function rate(faults: LinkFaults, field: 'dropRate' | 'duplicateRate' | 'reorderRate'): number {
  const value = faults[field] ?? 0;
  // `!(… >= 0)` rather than `< 0` so that NaN is rejected too.
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new InvalidFaultError(field, `must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}

function delay(
  faults: LinkFaults,
  field: 'minDelayMs' | 'maxDelayMs' | 'reorderDelayMs',
  defaultMs: number,
): number {
  const value = faults[field] ?? defaultMs;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidFaultError(field, `must be a finite number of ms >= 0, got ${String(value)}`);
  }
  return value;
}
