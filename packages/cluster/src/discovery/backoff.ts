/**
 * The delay before retry number `attempt` (1 after the first failure), in ms: a uniform draw in
 * [d/2, d] where d = min(maxDelayMs, initialDelayMs · 2^(attempt-1)). Capped so a long outage does
 * not stretch retries without bound; jittered so that nodes started together do not ask the same
 * seed in lockstep. The same rule as the network transports' reconnect back-off.
 */
export function backoffDelayMs(
  attempt: number,
  initialDelayMs: number,
  maxDelayMs: number,
  random: () => number,
): number {
  const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
