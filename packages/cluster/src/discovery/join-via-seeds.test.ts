import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Member, silentLogger, systemClock } from '@raft/core';
import { freePorts } from '@raft/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import type { JoinConfig } from '../config/cluster-config.js';
import { JoinRefusedError } from '../errors/join-refused-error.js';
import { JoinTimeoutError } from '../errors/join-timeout-error.js';
import { joinViaSeeds } from './join-via-seeds.js';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

const MEMBERS: Member[] = [
  { id: 'n1', address: '127.0.0.1:7001', voter: true },
  { id: 'n2', address: '127.0.0.1:7002', voter: true },
];

/** A stand-in for a member's admin server. */
async function fakeSeed(handler: Handler): Promise<{ url: string; server: Server; requests: string[] }> {
  const requests: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString('utf8');
    });
    request.on('end', () => {
      requests.push(`${request.method} ${request.url} ${request.headers.authorization ?? '-'} ${body}`);
      handler(request, body, response);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server, requests };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

/** A seed that lists MEMBERS and answers each POST with the next status in `statuses`. */
function answering(statuses: number[]): Handler {
  return (request, _body, response) => {
    if (request.method === 'GET') return reply(response, 200, { membership: { members: MEMBERS } });
    const status = statuses.shift() ?? 200;
    reply(
      response,
      status,
      status === 200 ? { membership: { members: MEMBERS } } : { error: { code: `E${status}` } },
    );
  };
}

function joinConfig(seeds: string[], timeoutMs = 2000): JoinConfig {
  return { seeds, timeoutMs, voter: true, initialDelayMs: 10, maxDelayMs: 40 };
}

/** Joins n4 through `seeds`; `overrides` replace the defaults (a node that never becomes a member). */
function join(
  seeds: string[],
  timeoutMs: number,
  overrides: Partial<Parameters<typeof joinViaSeeds>[0]> = {},
): Promise<void> {
  return joinViaSeeds({
    join: joinConfig(seeds, timeoutMs),
    nodeId: 'n4',
    raftAddress: '127.0.0.1:7004',
    token: 'the-cluster-secret-0123',
    onMembers: () => {},
    isMember: () => false,
    clock: systemClock,
    random: Math.random,
    logger: silentLogger,
    ...overrides,
  });
}

describe('joinViaSeeds', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  async function seed(handler: Handler) {
    const created = await fakeSeed(handler);
    servers.push(created.server);
    return created;
  }

  it('tries the seeds in turn until one accepts, seeding the peers first', async () => {
    const [closedPort] = await freePorts(1);
    const busy = await seed(answering([503]));
    const accepting = await seed(answering([200]));
    const seen: (readonly Member[])[] = [];
    await join([`http://127.0.0.1:${closedPort}`, busy.url, accepting.url], 2000, {
      onMembers: (members) => seen.push(members),
      // The node holds its configuration once a seed has accepted it.
      isMember: () => accepting.requests.some((line) => line.startsWith('POST')),
      random: () => 0.5,
    });
    expect(busy.requests).toEqual([
      'GET /members - ',
      'POST /members Bearer the-cluster-secret-0123 {"id":"n4","address":"127.0.0.1:7004","voter":true}',
    ]);
    expect(accepting.requests).toHaveLength(2);
    expect(seen).toEqual([MEMBERS, MEMBERS]);
  });

  it('returns at once when the node is a member already', async () => {
    const never = await seed(answering([]));
    await join([never.url], 2000, { isMember: () => true });
    expect(never.requests).toEqual([]);
  });

  it('gives up after the timeout with each seed last answer', async () => {
    const refusing = await seed(answering([409, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409, 409]));
    const broken = await seed((_request, _body, response) => reply(response, 200, { unexpected: true }));
    const started = Date.now();
    const error = await join([refusing.url, broken.url], 300).catch((caught: unknown) => caught);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(JoinTimeoutError);
    expect((error as JoinTimeoutError).attempts).toEqual(
      new Map([
        [refusing.url, 'POST /members: 409 E409'],
        [broken.url, 'GET /members: 200'],
      ]),
    );
    expect((error as Error).message).toMatch(/not a member after 300 ms/);
  });

  it('fails at once, without trying further seeds, when a seed refuses the secret or the request', async () => {
    for (const status of [401, 400]) {
      const refusing = await seed(answering([status]));
      const other = await seed(answering([200]));
      const started = Date.now();
      const error = await join([refusing.url, other.url], 5000, {
        token: 'a-wrong-cluster-secret-000',
      }).catch((caught: unknown) => caught);
      expect(Date.now() - started).toBeLessThan(1000);
      expect(error).toBeInstanceOf(JoinRefusedError);
      expect((error as JoinRefusedError).answer).toBe(`POST /members: ${status} E${status}`);
      expect(other.requests).toEqual([]);
    }
  });

  it('times out when accepted but the configuration never arrives', async () => {
    const accepting = await seed(answering([200]));
    const error = await join([accepting.url], 200).catch((caught: unknown) => caught);
    expect((error as JoinTimeoutError).attempts.get(accepting.url)).toMatch(
      /never received the configuration/,
    );
  });
});
