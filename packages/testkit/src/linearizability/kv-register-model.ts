import type { KvOperation } from './kv-operation.js';
import type { LinearizationModel, ModelStepResult } from './linearization-model.js';

/** The value of one key: a string, or `undefined` when the key is absent. */
export type KvRegisterState = string | undefined;

const MISMATCH: ModelStepResult<never> = { ok: false };

/**
 * The sequential specification of one key of a key-value store: a register that `put` overwrites,
 * `delete` clears, `cas` conditionally overwrites and `get` reads.
 */
export const kvRegisterModel: LinearizationModel<KvRegisterState, KvOperation> = {
  initialState: () => undefined,
  step(state, operation, completed) {
    switch (operation.kind) {
      case 'get':
        if (!completed) return { ok: true, state };
        return operation.output?.value === state ? { ok: true, state } : MISMATCH;
      case 'put':
        return { ok: true, state: operation.value };
      case 'delete':
        return { ok: true, state: undefined };
      case 'cas': {
        const matches = state === operation.expected;
        // An unknown-outcome CAS that takes effect does whatever the state dictates.
        if (completed && operation.output?.succeeded !== matches) return MISMATCH;
        return { ok: true, state: matches ? operation.value : state };
      }
    }
  },
  equal: (a, b) => a === b,
  hash: (state) => (state === undefined ? 0x5bd1e995 : stringHash(state)),
  describeState: (state) => describeValue(state),
  describeOperation: describeKvOperation,
};

/** Renders an operation like `c2 put(k, "v") [10, 12]` or `c1 get(k) → absent [3, ?]`. */
export function describeKvOperation(
  operation: KvOperation,
  completed = operation.completedAt !== undefined,
): string {
  const completedAt = operation.completedAt === undefined ? '?' : formatTime(operation.completedAt);
  const window = `[${formatTime(operation.invokedAt)}, ${completedAt}]`;
  const key = JSON.stringify(operation.key);
  let call: string;
  switch (operation.kind) {
    case 'get':
      call = `get(${key})${completed ? ` → ${describeValue(operation.output?.value)}` : ''}`;
      break;
    case 'put':
      call = `put(${key}, ${describeValue(operation.value)})`;
      break;
    case 'delete':
      call = `delete(${key})`;
      break;
    case 'cas':
      call = `cas(${key}, ${describeValue(operation.expected)} → ${describeValue(operation.value)})${
        completed ? ` → ${operation.output?.succeeded ? 'ok' : 'failed'}` : ''
      }`;
      break;
  }
  return `${operation.clientId} ${call}${completed ? '' : ' (outcome unknown)'} ${window}`;
}

/** Times with at most 3 decimals: simulated delays make long fractions that only add noise. */
function formatTime(time: number): string {
  return Number.isInteger(time) ? String(time) : String(Number(time.toFixed(3)));
}

function describeValue(value: string | undefined): string {
  return value === undefined ? 'absent' : JSON.stringify(value);
}

/** FNV-1a over UTF-16 code units: cheap, and only needs to be consistent with `===`. */
function stringHash(value: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) {
    hash ^= value.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}
