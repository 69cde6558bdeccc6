const RAFT_ERROR_BRAND = Symbol.for('@raft/core.RaftError');

/**
 * The base of every error this library throws. Each subclass has a stable `code`.
 *
 * Errors come in two tiers: `fatal` errors (a storage failure) stop the node, which never limps on
 * with state it cannot trust; API errors are reported to the caller and the node carries on.
 * `isRaftError` recognises them across duplicated installs of the package, where `instanceof` fails.
 */
export abstract class RaftError extends Error {
  /** A stable, machine-readable identifier such as `ERR_RAFT_NOT_LEADER`. */
  abstract readonly code: string;
  /** Whether the node stopped because of this error. */
  readonly fatal: boolean = false;
  readonly [RAFT_ERROR_BRAND] = true;

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Whether `value` is a {@link RaftError} (optionally with this `code`), even from another copy of the package. */
export function isRaftError(value: unknown, code?: string): value is RaftError {
  if (typeof value !== 'object' || value === null || !(RAFT_ERROR_BRAND in value)) return false;
  return code === undefined || (value as { code?: unknown }).code === code;
}
