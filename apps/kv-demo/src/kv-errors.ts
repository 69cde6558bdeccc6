import { isRaftError } from '@raft/core';

/** An HTTP answer for an error: the status and a JSON body with a stable `error` code. */
export interface ErrorAnswer {
  readonly status: number;
  readonly body: { readonly error: string; readonly message: string; readonly leaderHint?: string };
}

/** A request the client got wrong: bad key, bad body, too large. */
export class KvRequestError extends Error {
  constructor(
    readonly status: 400 | 404 | 405 | 413,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'KvRequestError';
  }
}

/**
 * Maps what a request can fail with to an HTTP status. The distinction that matters to a client:
 * 503 means nothing happened (retry, perhaps on `leaderHint`), 504 means the write may or may not
 * have been applied (check before retrying a non-idempotent write).
 */
export function answerForError(error: unknown): ErrorAnswer {
  if (error instanceof KvRequestError) {
    return { status: error.status, body: { error: error.code, message: error.message } };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (isRaftError(error)) {
    switch (error.code) {
      case 'ERR_RAFT_NOT_LEADER': {
        const leaderHint = (error as { leaderHint?: string }).leaderHint;
        return {
          status: 503,
          body: { error: error.code, message, ...(leaderHint === undefined ? {} : { leaderHint }) },
        };
      }
      case 'ERR_RAFT_PROPOSAL_DROPPED':
      case 'ERR_RAFT_NODE_STOPPED':
        return { status: 503, body: { error: error.code, message } };
      case 'ERR_RAFT_OUTCOME_UNKNOWN':
        return { status: 504, body: { error: error.code, message } };
    }
    return { status: 500, body: { error: error.code, message } };
  }
  if (error instanceof Error && error.name === 'TimeoutError') {
    return {
      status: 504,
      body: { error: 'ERR_KV_TIMEOUT', message: 'no answer in time; a write may still apply' },
    };
  }
  return { status: 500, body: { error: 'ERR_KV_INTERNAL', message } };
}
