import { ConfigError } from '@raft/core';
import { suggestKey } from './suggest-key.js';

/** A plain record read from YAML or given as an object. */
export type ConfigRecord = Readonly<Record<string, unknown>>;

/** `key` inside the section at `path` (`transport` + `tls` → `transport.tls`). */
export function keyPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

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
export function isRecord(value: unknown): value is ConfigRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * `value` as a section with only `knownKeys`, or a {@link ConfigError} naming `path` (not an object)
 * or the first unknown key, with the closest known key as a hint: a misspelt setting would otherwise
 * be ignored silently.
 */
export function checkSection(path: string, value: unknown, knownKeys: readonly string[]): ConfigRecord {
  if (!isRecord(value)) throw new ConfigError(path, `expected an object, got ${describeValue(value)}`);
  for (const key of Object.keys(value)) {
    if (knownKeys.includes(key)) continue;
    const suggestion = suggestKey(key, knownKeys);
    throw new ConfigError(
      keyPath(path, key),
      suggestion === undefined ? 'unknown key' : `unknown key; did you mean ${suggestion}?`,
    );
  }
  return value;
}

/** `value` as a non-empty string, or a {@link ConfigError} for `key`. */
export function checkString(key: string, value: unknown): string {
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
export function checkInteger(key: string, value: unknown, minimum: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < minimum) {
    throw new ConfigError(key, `expected an integer >= ${minimum}, got ${describeValue(value)}`);
  }
  return value;
}

/** `value` as one of `allowed`, or a {@link ConfigError} for `key` listing them. */
export function checkOneOf<Allowed extends string>(
  key: string,
  value: unknown,
  allowed: readonly Allowed[],
): Allowed {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const choices = allowed.map((choice) => JSON.stringify(choice)).join(', ');
    throw new ConfigError(key, `expected one of ${choices}, got ${describeValue(value)}`);
  }
  return value as Allowed;
}

/** `check(key, value)` when the value is present, `undefined` when it is absent. */
export function optional<Result>(
  key: string,
  value: unknown,
  check: (key: string, value: unknown) => Result,
): Result | undefined {
  return value === undefined ? undefined : check(key, value);
}
