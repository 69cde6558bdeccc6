import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RaftNode } from '@raft/core';
import { checkKey, encodeKvCommand, type KvCommand, MAX_VALUE_BYTES } from './kv-command.js';
import { answerForError, KvRequestError } from './kv-errors.js';
import type { KvResult, KvStateMachine } from './kv-state-machine.js';

/** What the HTTP API serves. */
export interface KvHttpServerOptions {
  readonly node: RaftNode;
  readonly store: KvStateMachine;
  /** How long a request may wait for Raft before it is answered 504 (default 5 s). */
  readonly requestTimeoutMs?: number;
}

/** A listening HTTP API. */
export interface KvHttpServer {
  readonly server: Server;
  /** `host:port` it listens on. */
  readonly address: string;
  close(): Promise<void>;
}

const KEY_PATH = /^\/kv\/([^/]+)(\/cas)?$/;

/**
 * The client API of the key-value service (any node serves every request; core forwards writes
 * and reads on followers to the leader):
 *
 * - `GET /kv/:key` — linearizable read (a ReadIndex barrier, then the local state); add
 *   `?consistency=stale` to read this node's state without the barrier. 200 `{key, value,
 *   revision}` or 404.
 * - `PUT /kv/:key` — body: the value (UTF-8). 200 `{revision}`.
 * - `DELETE /kv/:key` — 200 `{deleted, revision}`.
 * - `POST /kv/:key/cas` — body `{"expected": string|null, "value": string|null}` (null: absent /
 *   delete). 200 `{succeeded: true, ...}` or 409 `{succeeded: false, current}`.
 *
 * Errors carry a JSON `{error, message}` body; see `answerForError` for the statuses.
 */
export async function startKvHttpServer(
  options: KvHttpServerOptions,
  listen: { host: string; port: number },
): Promise<KvHttpServer> {
  const requestTimeoutMs = options.requestTimeoutMs ?? 5000;
  const server = createServer((request, response) => {
    handle(options, requestTimeoutMs, request).then(
      ({ status, body }) => send(response, status, body),
      (error: unknown) => {
        const answer = answerForError(error);
        send(response, answer.status, answer.body);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { address, port } = server.address() as AddressInfo;
  return {
    server,
    address: `${address}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(
  { node, store }: KvHttpServerOptions,
  requestTimeoutMs: number,
  request: IncomingMessage,
): Promise<{ status: number; body: unknown }> {
  const url = new URL(request.url ?? '/', 'http://kv');
  const match = KEY_PATH.exec(url.pathname);
  if (match === null) throw new KvRequestError(404, 'ERR_KV_NO_ROUTE', `no route for ${url.pathname}`);
  const key = decodeKey(match[1]!);
  const signal = AbortSignal.timeout(requestTimeoutMs);
  const isCas = match[2] !== undefined;
  if (isCas) {
    if (request.method !== 'POST') throw methodNotAllowed(request);
    const { expected, value } = parseCasBody(await readBody(request));
    const result = await propose(node, { op: 'cas', key, expected, value }, signal);
    if (result.op !== 'cas') return unexpected(result);
    return { status: result.succeeded ? 200 : 409, body: result };
  }
  switch (request.method) {
    case 'GET': {
      if (url.searchParams.get('consistency') !== 'stale') await node.read({ signal });
      const entry = store.get(key);
      if (entry === undefined) throw new KvRequestError(404, 'ERR_KV_NOT_FOUND', `no value for ${key}`);
      return { status: 200, body: { key, ...entry } };
    }
    case 'PUT': {
      const value = (await readBody(request)).toString('utf8');
      return { status: 200, body: await propose(node, { op: 'put', key, value }, signal) };
    }
    case 'DELETE':
      return { status: 200, body: await propose(node, { op: 'delete', key }, signal) };
    default:
      throw methodNotAllowed(request);
  }
}

async function propose(node: RaftNode, command: KvCommand, signal: AbortSignal): Promise<KvResult> {
  return (await node.propose(encodeKvCommand(command), { signal })) as KvResult;
}

function unexpected(result: KvResult): never {
  throw new Error(`unexpected state machine result ${JSON.stringify(result)}`);
}

function decodeKey(encoded: string): string {
  let key: string;
  try {
    key = decodeURIComponent(encoded);
  } catch {
    throw new KvRequestError(400, 'ERR_KV_BAD_KEY', 'the key is not valid percent-encoding');
  }
  const problem = checkKey(key);
  if (problem !== undefined) throw new KvRequestError(400, 'ERR_KV_BAD_KEY', problem);
  return key;
}

function parseCasBody(body: Buffer): { expected: string | null; value: string | null } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw new KvRequestError(400, 'ERR_KV_BAD_BODY', 'the body is not JSON');
  }
  const { expected, value } = (parsed ?? {}) as Record<string, unknown>;
  const ok = (field: unknown) => field === null || typeof field === 'string';
  if (typeof parsed !== 'object' || !ok(expected) || !ok(value)) {
    throw new KvRequestError(
      400,
      'ERR_KV_BAD_BODY',
      'expected {"expected": string|null, "value": string|null}',
    );
  }
  return { expected: expected as string | null, value: value as string | null };
}

/** Reads the whole body, refusing more than a value may hold (plus room for the cas wrapping). */
async function readBody(request: IncomingMessage): Promise<Buffer> {
  const limit = MAX_VALUE_BYTES * 2 + 64;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > limit) throw new KvRequestError(413, 'ERR_KV_TOO_LARGE', `the body exceeds ${limit} bytes`);
    chunks.push(chunk);
  }
  const body = Buffer.concat(chunks);
  if (request.method === 'PUT' && body.byteLength > MAX_VALUE_BYTES) {
    throw new KvRequestError(413, 'ERR_KV_TOO_LARGE', `a value may hold at most ${MAX_VALUE_BYTES} bytes`);
  }
  return body;
}

function methodNotAllowed(request: IncomingMessage): KvRequestError {
  return new KvRequestError(405, 'ERR_KV_METHOD', `${request.method ?? '?'} is not allowed here`);
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const payload = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(payload),
  });
  response.end(payload);
}
