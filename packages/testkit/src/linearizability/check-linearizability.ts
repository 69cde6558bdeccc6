import { explainStuckPoint } from './explain-stuck-point.js';
import type { KvOperation } from './kv-operation.js';
import { kvRegisterModel } from './kv-register-model.js';
import type { LinearizationModel } from './linearization-model.js';
import { type SearchOptions, searchLinearization, type TimedOperation } from './linearization-search.js';

/** The verdict on a history: linearizable, or the key (or partition) where it is not, explained. */
export type LinearizabilityResult =
  | { readonly ok: true }
  | {
      readonly ok: false;
      /** The key whose sub-history is not linearizable. */
      readonly key: string;
      /** A readable account of the point where every linearization got stuck. */
      readonly explanation: string;
      /** True when the search gave up on its budget: the history may still be linearizable. */
      readonly inconclusive: boolean;
    };

/** Tuning for {@link checkKvLinearizability} and {@link checkLinearizability}. */
export type LinearizabilityOptions = SearchOptions;

/**
 * Checks that a key-value client history is linearizable: that there is one total order of the
 * operations, consistent with real time (an operation that completed before another was invoked
 * comes first), in which every output is what a single register per key would have produced.
 *
 * Linearizability is compositional (Herlihy & Wing's locality; "P-compositionality" in Horn & Kroening),
 * so each key is checked on its own, which keeps the search small. Operations whose outcome the
 * client never learned (`completedAt: undefined`) may have taken effect at any point after their
 * invocation, or not at all.
 *
 * Use it on histories from your own service: record every request a client sends and every
 * response it gets (leave out requests that definitely failed), then assert `result.ok`.
 *
 * @example
 * const result = checkKvLinearizability(history);
 * if (!result.ok) throw new Error(`key ${result.key}:\n${result.explanation}`);
 */
export function checkKvLinearizability(
  history: readonly KvOperation[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const byKey = new Map<string, KvOperation[]>();
  for (const operation of history) {
    validateKvOperation(operation);
    // A read with an unknown outcome constrains nothing; dropping it shrinks the search.
    if (operation.kind === 'get' && operation.completedAt === undefined) continue;
    const operations = byKey.get(operation.key);
    if (operations === undefined) byKey.set(operation.key, [operation]);
    else operations.push(operation);
  }
  const keys = [...byKey.keys()].sort();
  for (const key of keys) {
    const result = checkLinearizability(kvRegisterModel, byKey.get(key)!, options);
    if (!result.ok) return { ...result, key };
  }
  return { ok: true };
}

/**
 * Checks one history against any sequential model (implement {@link LinearizationModel} for your own
 * state machine). Partition the history yourself when the model is compositional; the result's `key`
 * is empty.
 */
export function checkLinearizability<Operation extends TimedOperation, State>(
  model: LinearizationModel<State, Operation>,
  operations: readonly Operation[],
  options: LinearizabilityOptions = {},
): LinearizabilityResult {
  const result = searchLinearization(model, operations, options);
  if (result.ok) return { ok: true };
  let explanation = result.stuck === undefined ? '' : explainStuckPoint(model, result.stuck);
  if (result.inconclusive) {
    explanation = `Search budget exhausted after ${result.exploredStates} configurations; the history may still be linearizable.\n${explanation}`;
  }
  return { ok: false, key: '', explanation, inconclusive: result.inconclusive };
}

function validateKvOperation(operation: KvOperation): void {
  if (operation.completedAt === undefined) return;
  if ((operation.kind === 'get' || operation.kind === 'cas') && operation.output === undefined) {
    throw new TypeError(
      `completed ${operation.kind} on key ${JSON.stringify(operation.key)} by ${operation.clientId} has no output`,
    );
  }
}
