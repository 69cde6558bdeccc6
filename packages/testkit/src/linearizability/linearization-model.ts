/** The result of applying one operation to a model state: the new state, or a mismatch. */
export type ModelStepResult<State> = { readonly ok: true; readonly state: State } | { readonly ok: false };

/**
 * A sequential specification that the linearizability search checks a history against.
 *
 * Implement it to check a state machine of your own; {@link kvRegisterModel} is the one used for the
 * key-value register workload. States must be treated as immutable values: the search keeps old
 * states to backtrack to and memoizes on them.
 */
export interface LinearizationModel<State, Operation> {
  /** The state before any operation. */
  initialState(): State;
  /**
   * Applies `operation` to `state`. For a completed operation, returns `{ ok: false }` when the
   * recorded output is not what the specification produces from `state`. For an operation with an
   * unknown outcome (`completed` false) the output is unknown, so only its effect matters.
   */
  step(state: State, operation: Operation, completed: boolean): ModelStepResult<State>;
  /** Whether two states are the same (memoization relies on it). */
  equal(a: State, b: State): boolean;
  /** A hash consistent with `equal`, as a 32-bit integer. */
  hash(state: State): number;
  /** A short rendering of a state for explanations. */
  describeState(state: State): string;
  /** A short rendering of an operation (with its output) for explanations. */
  describeOperation(operation: Operation, completed: boolean): string;
}
