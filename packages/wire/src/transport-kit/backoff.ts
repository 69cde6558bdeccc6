/** Reconnect back-off: capped exponential with full jitter. */
export interface BackoffOptions {
  /** The delay after the first failure, in ms. Default 50. */
  readonly initialDelayMs?: number;
  /** The cap on any delay, in ms. Default 2,000. */
  readonly maxDelayMs?: number;
}

/**
 * The delay before retry number `attempt` (1 after the first failure): a uniform draw in
 * [d/2, d] where d = min(maxDelayMs, initialDelayMs · 2^(attempt-1)). The jitter spreads the
 * reconnects of many nodes to one restarted peer; the floor at d/2 keeps the back-off meaningful.
 */
export function backoffDelayMs(attempt: number, options: BackoffOptions, random: () => number): number {
  const initial = options.initialDelayMs ?? 50;
  const max = options.maxDelayMs ?? 2000;
  const ceiling = Math.min(max, initial * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
