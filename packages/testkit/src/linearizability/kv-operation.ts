/**
 * Fields every recorded key-value operation carries: who ran it, on which key, and when.
 *
 * Times are numbers on any monotonic scale (virtual milliseconds in simulation). Operation `a`
 * precedes operation `b` in real time only when `a.completedAt < b.invokedAt`; equal times count as
 * concurrent, which can only make the checker more permissive, never report a false violation.
 */
export interface KvOperationTiming {
  /** The client that issued the operation (used only to render explanations). */
  readonly clientId: string;
  /** The key the operation reads or writes. Histories are checked key by key. */
  readonly key: string;
  /** When the client sent the request. */
  readonly invokedAt: number;
  /**
   * When the client received the response, or `undefined` when it never learned the outcome (timed
   * out, connection lost, `OutcomeUnknownError`): such an operation may take effect at any point after
   * `invokedAt`, or never.
   */
  readonly completedAt: number | undefined;
}

/** A read of the key. `output.value` is `undefined` when the key was absent. */
export interface KvGetOperation extends KvOperationTiming {
  readonly kind: 'get';
  /** What the read returned; required when `completedAt` is set, ignored otherwise. */
  readonly output?: { readonly value: string | undefined };
}

/** A blind write of `value`. */
export interface KvPutOperation extends KvOperationTiming {
  readonly kind: 'put';
  readonly value: string;
}

/** A removal of the key (the key is absent afterwards, whether or not it existed). */
export interface KvDeleteOperation extends KvOperationTiming {
  readonly kind: 'delete';
}

/**
 * A compare-and-set: writes `value` if the key currently holds `expected` (`undefined` meaning
 * "absent"), otherwise changes nothing.
 */
export interface KvCasOperation extends KvOperationTiming {
  readonly kind: 'cas';
  readonly expected: string | undefined;
  readonly value: string;
  /** Whether the write happened; required when `completedAt` is set, ignored otherwise. */
  readonly output?: { readonly succeeded: boolean };
}

/**
 * One operation of a client history against a key-value store of string registers.
 *
 * Record only operations that may have taken effect: a request the store definitely refused
 * (for example a `NotLeaderError`, which guarantees nothing was appended) is left out.
 */
export type KvOperation = KvGetOperation | KvPutOperation | KvDeleteOperation | KvCasOperation;

/** Whether the client learned the outcome of `operation`. */
export function isCompleted(
  operation: KvOperationTiming,
): operation is KvOperationTiming & { completedAt: number } {
  return operation.completedAt !== undefined;
}
