import { ConfigError, describeValue, isRecord, rejectUnknownKeys } from '@raft/core';

// The same checks (and messages) as @raft/core's own config validation.
export {
  checkBoolean,
  checkIntegerAtLeast as checkInteger,
  checkNonEmptyString as checkString,
  describeValue,
  isRecord,
} from '@raft/core';

/** A plain record read from YAML or given as an object. */
export type ConfigRecord = Readonly<Record<string, unknown>>;

/** `key` inside the section at `path` (`transport` + `tls` → `transport.tls`). */
export function keyPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * `value` as a section with only `knownKeys`, or a {@link ConfigError} naming `path` (not an object)
 * or the first unknown key, with the closest known key as a hint: a misspelt setting would otherwise
 * be ignored silently.
 */
export function checkSection(path: string, value: unknown, knownKeys: readonly string[]): ConfigRecord {
  if (!isRecord(value)) throw new ConfigError(path, `expected an object, got ${describeValue(value)}`);
  rejectUnknownKeys(value, knownKeys, path === '' ? '' : `${path}.`);
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
