/**
 * The kind of a log entry.
 * - `normal`: user data, handed to the state machine's `apply`.
 * - `config`: a membership configuration (`data` is an encoded {@link Membership}); takes effect
 *   as soon as it is appended, committed or not (Raft thesis §4.1).
 * - `noop`: the empty entry a new leader appends in its own term so that entries of earlier terms
 *   can commit (§5.4.2) and reads can be served; never handed to the state machine.
 */
export type EntryType = 'normal' | 'config' | 'noop';

/** One entry of the replicated log. Invariant: `index >= 1`, `term >= 1`. */
export interface Entry {
  readonly index: number;
  readonly term: number;
  readonly type: EntryType;
  readonly data: Uint8Array;
}

/** The fixed per-entry overhead counted against byte limits, in bytes (index, term, type). */
export const ENTRY_OVERHEAD_BYTES = 24;

/** The size an entry counts for against `maxBytesPerAppend` and similar limits, in bytes. */
export function entrySizeBytes(entry: Entry): number {
  return entry.data.byteLength + ENTRY_OVERHEAD_BYTES;
}
