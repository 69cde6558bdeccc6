import type { IncomingMessage } from 'node:http';
import { type Clock, memberIdentityProblem, type RaftNode } from '@raft/core';
import { membershipJson } from './health-report.js';
import { HttpProblem } from './http-problem.js';
import { readJsonBody } from './read-json-body.js';

/** What the membership routes need. */
export interface MemberRoutesContext {
  readonly node: RaftNode;
  readonly clock: Clock;
  readonly maxBodyBytes: number;
  readonly membershipTimeoutMs: number;
}

const badRequest = (message: string) => new HttpProblem(400, 'ERR_RAFT_CLUSTER_BAD_REQUEST', message);

/** `GET /members`: this node's view of the membership. Open, like `/health`: it holds no secret. */
export function listMembers(context: MemberRoutesContext): unknown {
  return { membership: membershipJson(context.node.status().membership) };
}

/**
 * `POST /members` `{ id, address, voter? }`: `node.join`, which a follower forwards to the leader.
 * Answers with the membership once the change is committed and applied here.
 */
export async function addMember(context: MemberRoutesContext, request: IncomingMessage): Promise<unknown> {
  const body = await readJsonBody(request, context.maxBodyBytes);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('expected a JSON object { id, address, voter? }');
  }
  const { id, address, voter, ...rest } = body as Record<string, unknown>;
  const unknownKey = Object.keys(rest)[0];
  if (unknownKey !== undefined) throw badRequest(`unknown field "${unknownKey}"`);
  if (typeof id !== 'string' || typeof address !== 'string')
    throw badRequest('id and address must be strings');
  if (voter !== undefined && typeof voter !== 'boolean') throw badRequest('voter must be a boolean');
  const problem = memberIdentityProblem(id, address);
  if (problem !== undefined) throw badRequest(problem);
  await withinTimeout(context, context.node.join(id, address, { voter: voter ?? true }));
  return listMembers(context);
}

/** `DELETE /members/:id`: `node.leave(id)`, forwarded to the leader by a follower. */
export async function removeMember(context: MemberRoutesContext, id: string): Promise<unknown> {
  const problem = memberIdentityProblem(id);
  if (problem !== undefined) throw badRequest(problem);
  await withinTimeout(context, context.node.leave(id));
  return listMembers(context);
}

/**
 * Waits for a membership operation at most `membershipTimeoutMs`, then answers 504: a learner that
 * never catches up must not hold a request open forever. The operation itself goes on, and
 * repeating the request is safe (join and leave are idempotent).
 */
async function withinTimeout(context: MemberRoutesContext, operation: Promise<void>): Promise<void> {
  let timer: unknown;
  const timeout = new Promise<never>((_, reject) => {
    timer = context.clock.setTimeout(
      () =>
        reject(
          new HttpProblem(
            504,
            'ERR_RAFT_CLUSTER_ADMIN_TIMEOUT',
            `not done within ${context.membershipTimeoutMs} ms; the change goes on, repeat the request to wait again`,
          ),
        ),
      context.membershipTimeoutMs,
    );
  });
  // A rejection after the timeout answered must not go unhandled.
  operation.catch(() => {});
  try {
    await Promise.race([operation, timeout]);
  } finally {
    context.clock.clearTimeout(timer);
  }
}
