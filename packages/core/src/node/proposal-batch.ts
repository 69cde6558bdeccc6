/** Settles one caller's promise with a value. */
export type Resolve = (value: unknown) => void;
/** Settles one caller's promise with an error. */
export type Reject = (reason: unknown) => void;

/**
 * The callers of proposals handed to the engine in one `propose` call, in order: caller `k` made
 * the `k`-th proposal of the batch.
 *
 * Two parallel arrays rather than an object per caller: at hundreds of thousands of proposals a
 * second, the promise is the only allocation a proposal may cost.
 */
export interface ProposalBatch {
  readonly resolves: Resolve[];
  readonly rejects: Reject[];
}

/** Rejects callers `fromOffset..` of a batch, each with a fresh error from `makeError`. */
export function rejectBatch(batch: ProposalBatch, makeError: () => Error, fromOffset = 0): void {
  const rejects = batch.rejects;
  for (let offset = fromOffset; offset < rejects.length; offset++) rejects[offset]!(makeError());
}
