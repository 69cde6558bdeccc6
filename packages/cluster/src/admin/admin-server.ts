import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock, Logger, RaftNode } from '@raft/core';
import type { AdminConfig } from '../config/cluster-config.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { bearerTokenMatches } from './bearer-token.js';
import { errorResponse } from './error-response.js';
import { healthReport } from './health-report.js';
import { HttpProblem } from './http-problem.js';
import { addMember, listMembers, type MemberRoutesContext, removeMember } from './member-routes.js';
import { sendJson } from './send-json.js';

/** Options of {@link startAdminServer}. */
export interface AdminServerOptions {
  readonly node: RaftNode;
  readonly monitor: HealthMonitor;
  readonly config: AdminConfig;
  /** The cluster secret: mutations need it as a bearer token. */
  readonly secret: string;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A running admin server. */
export interface AdminServer {
  /** Where it listens, as `host:port` (the real port when configured with port 0). */
  readonly address: string;
  /** `http://host:port`: what other nodes put in `join.seeds`. */
  readonly url: string;
  /** Stops listening and drops every open connection, including requests still waiting. */
  close(): Promise<void>;
}

/** Limits on slow clients, in ms: headers, then the whole request body. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;

/**
 * Starts the admin HTTP server (`node:http`) of a cluster node:
 * - `GET /health`: 200 with a leader known, 503 otherwise (see `healthReport`);
 * - `GET /members`: the membership;
 * - `POST /members` `{ id, address, voter? }`: add a node (`node.join`);
 * - `DELETE /members/:id`: remove a node (`node.leave`).
 * Mutations need `Authorization: Bearer <cluster secret>`. Every answer is JSON; errors carry
 * `{ error: { code, message } }` (see `errorResponse`). A handler never throws into the server.
 */
export async function startAdminServer(options: AdminServerOptions): Promise<AdminServer> {
  const context: MemberRoutesContext = {
    node: options.node,
    clock: options.clock,
    maxBodyBytes: options.config.maxBodyBytes,
    membershipTimeoutMs: options.config.membershipTimeoutMs,
  };
  const server = createServer((request, response) => {
    void handle(options, context, request, response);
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  const { host, port } = options.config.listen;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const address = `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}`;
  return {
    address,
    url: `http://${address}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  options: AdminServerOptions,
  context: MemberRoutesContext,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  // A client that hangs up must not surface as an unhandled 'error'.
  response.on('error', () => {});
  request.on('error', () => {});
  try {
    const { status, body } = await route(options, context, request);
    sendJson(response, status, body);
  } catch (error) {
    const answer = errorResponse(error);
    if (answer.status === 500) {
      options.logger.error('admin request failed', { url: request.url, error: String(error) });
    }
    // An unread body would be taken for the next request on a kept-alive connection.
    const closing: Record<string, string> = request.complete ? {} : { connection: 'close' };
    sendJson(response, answer.status, answer.body, { ...answer.headers, ...closing });
  }
}

async function route(
  options: AdminServerOptions,
  context: MemberRoutesContext,
  request: IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  const path = pathOf(request);
  const method = request.method ?? 'GET';
  if (path === '/health') {
    allow(method, ['GET']);
    return healthReport(options.node, options.monitor);
  }
  if (path === '/members') {
    allow(method, ['GET', 'POST']);
    if (method === 'GET') return { status: 200, body: listMembers(context) };
    authorize(request, options.secret);
    return { status: 200, body: await addMember(context, request) };
  }
  if (path.startsWith('/members/')) {
    allow(method, ['DELETE']);
    authorize(request, options.secret);
    return { status: 200, body: await removeMember(context, memberId(path)) };
  }
  throw new HttpProblem(404, 'ERR_RAFT_CLUSTER_NOT_FOUND', `no route ${path}`);
}

function pathOf(request: IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://admin').pathname;
  } catch {
    throw new HttpProblem(400, 'ERR_RAFT_CLUSTER_BAD_REQUEST', 'malformed request URL');
  }
}

function memberId(path: string): string {
  try {
    return decodeURIComponent(path.slice('/members/'.length));
  } catch {
    throw new HttpProblem(400, 'ERR_RAFT_CLUSTER_BAD_REQUEST', 'malformed member id in the path');
  }
}

function allow(method: string, allowed: readonly string[]): void {
  if (!allowed.includes(method)) {
    throw new HttpProblem(405, 'ERR_RAFT_CLUSTER_METHOD_NOT_ALLOWED', `use ${allowed.join(' or ')}`, {
      allow: allowed.join(', '),
    });
  }
}

function authorize(request: IncomingMessage, secret: string): void {
  if (!bearerTokenMatches(request.headers.authorization, secret)) {
    throw new HttpProblem(
      401,
      'ERR_RAFT_CLUSTER_UNAUTHORIZED',
      'membership changes need the cluster secret as a bearer token',
      {
        'www-authenticate': 'Bearer',
      },
    );
  }
}
