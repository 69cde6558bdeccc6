import { ConfigError } from '@raft/core';
import { describeValue } from './config-checks.js';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

/**
 * A duration in milliseconds: a number is taken as ms, a string needs a unit (`"150ms"`, `"2s"`,
 * `"1.5s"`, `"5m"`, `"1h"`). Anything else is a {@link ConfigError} for `key`. Range checks are left
 * to the caller (core's `validateConfig` for the `raft` section), so this only reads the value.
 */
export function parseDurationMs(key: string, value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string') {
    const match = DURATION_PATTERN.exec(value.trim());
    if (match !== null) return Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  }
  throw new ConfigError(
    key,
    `expected a duration (ms as a number, or a string such as "150ms", "2s", "5m"), got ${describeValue(value)}`,
  );
}

/** A duration that must be positive (> 0 ms), for the cluster layer's own timeouts. */
export function parsePositiveDurationMs(key: string, value: unknown): number {
  const ms = parseDurationMs(key, value);
  if (!(ms > 0)) throw new ConfigError(key, `must be a positive duration, got ${describeValue(value)}`);
  return ms;
}
