import type { Reject, Resolve } from './proposal-batch.js';

/**
 * Ties a caller's promise to an AbortSignal: on abort the promise rejects with `signal.reason`,
 * while the request itself carries on (a proposal handed to the node may still commit; Raft has
 * no way to take it back). Returns the callbacks to settle the promise with normally; they detach
 * the abort listener, so a long-lived signal does not collect one listener per request.
 */
export function bindAbortSignal(
  signal: AbortSignal,
  resolve: Resolve,
  reject: Reject,
): { resolve: Resolve; reject: Reject } {
  const onAbort = () => reject(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  return {
    resolve: (value) => {
      signal.removeEventListener('abort', onAbort);
      resolve(value);
    },
    reject: (reason) => {
      signal.removeEventListener('abort', onAbort);
      reject(reason);
    },
  };
}
