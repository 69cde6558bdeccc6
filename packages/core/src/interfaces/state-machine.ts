/** A committed entry as the state machine sees it. */
export interface AppliedEntry {
  readonly index: number;
  readonly term: number;
  readonly data: Uint8Array;
}

/**
 * The application's replicated state.
 *
 * Correctness requirements:
 * - Deterministic: the same entries in the same order produce the same state and results on every
 *   node. No clocks, randomness or I/O that differs between nodes.
 * - `apply` is called once per committed entry, in index order, never concurrently.
 * - `snapshot` captures the state after the last applied entry: synchronously when called, or at
 *   the latest by the time its promise resolves. The driver applies nothing while that promise is
 *   pending, and then keeps applying entries (and may even call `restore`) while it consumes the
 *   returned iterable in the background: the iterable must keep yielding the captured state, not
 *   the live one (copy-on-write, an immutable structure, or a serialized copy). This is what lets
 *   a slow snapshot run without stalling proposals.
 * - `restore` replaces the whole state with a snapshot's, discarding anything applied before. The
 *   node restores the newest snapshot on start (so the state machine must be empty then) and when
 *   a leader sends one; a rejected `restore` stops the node.
 */
export interface StateMachine {
  /** Applies a committed entry; the result resolves the `propose` call that created it. */
  apply(entry: AppliedEntry): unknown;
  /**
   * Captures the current state and returns it as a stream of chunks (never one giant buffer). The
   * stream may be consumed after later entries were applied; it must still yield the captured state.
   */
  snapshot(): Promise<AsyncIterable<Uint8Array>>;
  /** Replaces the state with a snapshot produced by `snapshot`. */
  restore(chunks: AsyncIterable<Uint8Array>): Promise<void>;
}
