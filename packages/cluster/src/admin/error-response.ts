import { isRaftError, type MembershipChangeError, type NotLeaderError } from '@raft/core';
import { HttpProblem } from './http-problem.js';

/** An error answer: status, body and headers. */
export interface ErrorResponse {
  readonly status: number;
  readonly body: { readonly error: Readonly<Record<string, unknown>> };
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Maps an error to the admin API's answer. The body's `error.code` is the error's stable code, so a
 * client can act on it:
 * - `ERR_RAFT_NOT_LEADER` → 503 with `leaderHint` (no leader known: nothing was done, retry);
 * - `ERR_RAFT_NODE_STOPPED` → 503;
 * - `ERR_RAFT_MEMBERSHIP_CHANGE` → 409 with `reason` (refused: another change is in progress, or
 *   the change is invalid);
 * - `ERR_RAFT_OUTCOME_UNKNOWN` → 504 (leadership changed mid-way: the change may or may not have
 *   happened; repeating it is safe, membership operations are idempotent);
 * - a refused request (`HttpProblem`) → its own status and code;
 * - anything else → 500 `ERR_RAFT_CLUSTER_INTERNAL`, without details (they go to the log).
 */
export function errorResponse(error: unknown): ErrorResponse {
  if (error instanceof HttpProblem) {
    return {
      status: error.status,
      body: { error: { code: error.code, message: error.message } },
      headers: error.headers,
    };
  }
  if (isRaftError(error, 'ERR_RAFT_NOT_LEADER')) {
    const { leaderHint } = error as NotLeaderError;
    return raftError(503, error, leaderHint === undefined ? {} : { leaderHint });
  }
  if (isRaftError(error, 'ERR_RAFT_NODE_STOPPED')) return raftError(503, error);
  if (isRaftError(error, 'ERR_RAFT_MEMBERSHIP_CHANGE')) {
    return raftError(409, error, { reason: (error as MembershipChangeError).reason });
  }
  if (isRaftError(error, 'ERR_RAFT_OUTCOME_UNKNOWN')) return raftError(504, error);
  return {
    status: 500,
    body: { error: { code: 'ERR_RAFT_CLUSTER_INTERNAL', message: 'internal error' } },
    headers: {},
  };
}

function raftError(
  status: number,
  error: { code: string; message: string },
  extra: Readonly<Record<string, unknown>> = {},
): ErrorResponse {
  return { status, body: { error: { code: error.code, message: error.message, ...extra } }, headers: {} };
}
