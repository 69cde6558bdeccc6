import { ConfigError } from '../errors/config-error.js';
import { suggestKey } from './suggest-key.js';

/** A short rendering of a config value for error messages: strings quoted, objects by kind only. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === undefined || value === null) {
    return String(value);
  }
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}

/** Whether `value` is a plain record (an object that is not an array or null). */
export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Throws a {@link ConfigError} for the first own key of `record` not in `knownKeys`, suggesting the
 * closest known key: a misspelt setting would otherwise be ignored silently and its default used.
 * `path` prefixes the reported key (`initialMembers[0].`).
 */
export function rejectUnknownKeys(
  record: Readonly<Record<string, unknown>>,
  knownKeys: readonly string[],
  path = '',
): void {
  for (const key of Object.keys(record)) {
    if (knownKeys.includes(key)) continue;
    const suggestion = suggestKey(key, knownKeys);
    throw new ConfigError(
      `${path}${key}`,
      suggestion === undefined ? 'unknown key' : `unknown key; did you mean ${suggestion}?`,
    );
  }
}

/** `value` as a non-empty string, or a {@link ConfigError} for `key`. */
export function checkNonEmptyString(key: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0) {
    throw new ConfigError(key, `expected a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/** `value` as a boolean, or a {@link ConfigError} for `key`. */
export function checkBoolean(key: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new ConfigError(key, `expected a boolean, got ${describeValue(value)}`);
  return value;
}

/** `value` as a safe integer `>= minimum`, or a {@link ConfigError} for `key`. */
export function checkIntegerAtLeast(key: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(key, `expected an integer >= ${minimum}, got ${describeValue(value)}`);
  }
  return value;
}

/** `value` as a finite number `>= minimum`, or a {@link ConfigError} for `key`. */
export function checkFiniteAtLeast(key: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < minimum) {
    throw new ConfigError(key, `expected a finite number >= ${minimum}, got ${describeValue(value)}`);
  }
  return value;
}
