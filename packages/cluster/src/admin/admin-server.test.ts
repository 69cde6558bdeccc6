import { request } from 'node:http';
import {
  MembershipChangeError,
  NotLeaderError,
  OutcomeUnknownError,
  silentLogger,
  systemClock,
} from '@raft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HealthMonitor } from '../health/health-monitor.js';
import { FakeNode } from '../test-support/fake-node.js';
import { type AdminServer, startAdminServer } from './admin-server.js';

const SECRET = 'admin-test-secret-0123456789';
const AUTH = { authorization: `Bearer ${SECRET}` };
const MAX_BODY_BYTES = 1024;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { error?: { code: string; [key: string]: unknown }; [key: string]: unknown };
}

/** One raw request: the body is sent as given (bytes, not JSON-encoded). */
function send(
  server: AdminServer,
  method: string,
  path: string,
  options: { body?: string | Buffer; headers?: Record<string, string>; chunked?: boolean } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const outgoing = request(
      `${server.url}${path}`,
      { method, headers: options.headers ?? {}, agent: false },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => {
          text += chunk.toString('utf8');
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: JSON.parse(text) }),
        );
      },
    );
    outgoing.on('error', reject);
    if (options.chunked === true && options.body !== undefined) {
      // No Content-Length: the server only learns the size while reading.
      outgoing.write(options.body);
      outgoing.end();
    } else {
      outgoing.end(options.body);
    }
  });
}

describe('admin server', () => {
  let node: FakeNode;
  let monitor: HealthMonitor;
  let server: AdminServer;
  let joins: string[];

  beforeEach(async () => {
    node = new FakeNode();
    joins = [];
    node.joinImpl = async (id, address, voter) => {
      joins.push(`${id} ${address} ${voter}`);
    };
    monitor = new HealthMonitor({
      node,
      clock: systemClock,
      electionTimeoutMs: 1000,
      maxLagEntries: 10,
      checkIntervalMs: 60_000,
    });
    server = await startAdminServer({
      node,
      monitor,
      config: {
        listen: { host: '127.0.0.1', port: 0 },
        maxBodyBytes: MAX_BODY_BYTES,
        membershipTimeoutMs: 200,
      },
      secret: SECRET,
      clock: systemClock,
      logger: silentLogger,
    });
  });

  afterEach(() => server.close());

  describe('GET /health', () => {
    it('answers 503 while no leader is known', async () => {
      const answer = await send(server, 'GET', '/health');
      expect(answer.status).toBe(503);
      expect(answer.body).toMatchObject({ healthy: false, nodeId: 'n1', state: 'follower', leaderId: null });
      expect(answer.body.peers).toBeUndefined();
    });

    it('answers 200 with a leader known, with each peer on the leader', async () => {
      node.changeLeader('n2', 2);
      expect((await send(server, 'GET', '/health')).status).toBe(200);
      node.lead(3, 50, { n2: { matchIndex: 50 }, n3: { matchIndex: 20, recentlyActive: false } });
      const answer = await send(server, 'GET', '/health');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({
        healthy: true,
        state: 'leader',
        term: 3,
        leaderId: 'n1',
        lastIndex: 50,
        membership: { members: [{ id: 'n1', address: '127.0.0.1:7001', voter: true }] },
        peers: [
          { id: 'n2', matchIndex: 50, lagEntries: 0, recentlyActive: true, inactive: false, lagging: false },
          { id: 'n3', matchIndex: 20, lagEntries: 30, recentlyActive: false, inactive: false, lagging: true },
        ],
      });
    });

    it('answers 503 for a stopped node', async () => {
      node.current = { ...node.current, state: 'stopped', leaderId: 'n2' };
      expect((await send(server, 'GET', '/health')).status).toBe(503);
    });
  });

  it('lists the members without authentication', async () => {
    const answer = await send(server, 'GET', '/members');
    expect(answer).toMatchObject({
      status: 200,
      body: { membership: { members: [{ id: 'n1', address: '127.0.0.1:7001', voter: true }] } },
    });
  });

  describe('POST /members', () => {
    const join = (body: unknown, headers: Record<string, string> = AUTH) =>
      send(server, 'POST', '/members', { body: JSON.stringify(body), headers });

    it('joins the node and answers with the membership', async () => {
      const answer = await join({ id: 'n4', address: '127.0.0.1:7004' });
      expect(answer.status).toBe(200);
      expect(answer.body.membership).toBeDefined();
      await join({ id: 'n5', address: '127.0.0.1:7005', voter: false });
      expect(joins).toEqual(['n4 127.0.0.1:7004 true', 'n5 127.0.0.1:7005 false']);
    });

    it.each([
      ['no token', {}],
      ['a wrong token', { authorization: 'Bearer not-the-secret-0123456789' }],
      ['another scheme', { authorization: `Basic ${SECRET}` }],
      ['a prefix of the secret', { authorization: `Bearer ${SECRET.slice(0, -1)}` }],
    ])('refuses %s with 401 and does nothing', async (_, headers) => {
      const answer = await join({ id: 'n4', address: '127.0.0.1:7004' }, headers);
      expect(answer.status).toBe(401);
      expect(answer.headers['www-authenticate']).toBe('Bearer');
      expect(answer.body.error?.code).toBe('ERR_RAFT_CLUSTER_UNAUTHORIZED');
      expect(joins).toEqual([]);
    });

    it.each([
      ['malformed JSON', '{"id": "n4", '],
      ['an array', '[]'],
      ['a number', '42'],
      ['no address', '{"id":"n4"}'],
      ['a numeric id', '{"id":4,"address":"a:1"}'],
      ['a string voter', '{"id":"n4","address":"a:1","voter":"yes"}'],
      ['an unknown field', '{"id":"n4","address":"a:1","role":"voter"}'],
      ['an empty id', '{"id":"","address":"a:1"}'],
      ['an id over 255 bytes', JSON.stringify({ id: 'x'.repeat(256), address: 'a:1' })],
    ])('refuses %s with 400', async (_, body) => {
      const answer = await send(server, 'POST', '/members', { body, headers: AUTH });
      expect(answer.status).toBe(400);
      expect(answer.body.error?.code).toBe('ERR_RAFT_CLUSTER_BAD_REQUEST');
      expect(joins).toEqual([]);
    });

    it('refuses an oversize body with 413, by length or while reading', async () => {
      const body = JSON.stringify({ id: 'n4', address: 'a:1', padding: 'x'.repeat(MAX_BODY_BYTES) });
      const declared = await send(server, 'POST', '/members', { body, headers: AUTH });
      expect(declared.status).toBe(413);
      expect(declared.body.error?.code).toBe('ERR_RAFT_CLUSTER_BODY_TOO_LARGE');
      const streamed = await send(server, 'POST', '/members', { body, headers: AUTH, chunked: true });
      expect(streamed.status).toBe(413);
    });

    it.each([
      ['NotLeaderError', new NotLeaderError('n2'), 503, 'ERR_RAFT_NOT_LEADER', { leaderHint: 'n2' }],
      [
        'MembershipChangeError',
        new MembershipChangeError('another change is in progress'),
        409,
        'ERR_RAFT_MEMBERSHIP_CHANGE',
        { reason: 'another change is in progress' },
      ],
      [
        'OutcomeUnknownError',
        new OutcomeUnknownError('leadership lost'),
        504,
        'ERR_RAFT_OUTCOME_UNKNOWN',
        {},
      ],
      ['an unexpected error', new Error('secret internals'), 500, 'ERR_RAFT_CLUSTER_INTERNAL', {}],
    ])('maps %s to %d', async (_, error, status, code, extra) => {
      node.joinImpl = () => Promise.reject(error);
      const answer = await join({ id: 'n4', address: '127.0.0.1:7004' });
      expect(answer.status).toBe(status);
      expect(answer.body.error).toMatchObject({ code, ...extra });
      expect(JSON.stringify(answer.body)).not.toContain('secret internals');
    });

    it('answers 504 when the change takes longer than membershipTimeout', async () => {
      node.joinImpl = () => new Promise(() => {});
      const answer = await join({ id: 'n4', address: '127.0.0.1:7004' });
      expect(answer.status).toBe(504);
      expect(answer.body.error?.code).toBe('ERR_RAFT_CLUSTER_ADMIN_TIMEOUT');
    });
  });

  describe('DELETE /members/:id', () => {
    it('removes the node, and needs the secret', async () => {
      const left: string[] = [];
      node.leaveImpl = async (id) => {
        left.push(id);
      };
      expect((await send(server, 'DELETE', '/members/n3')).status).toBe(401);
      expect((await send(server, 'DELETE', '/members/n%203', { headers: AUTH })).status).toBe(200);
      expect((await send(server, 'DELETE', '/members/%E0%A4%A', { headers: AUTH })).status).toBe(400);
      expect((await send(server, 'DELETE', '/members/', { headers: AUTH })).status).toBe(400);
      expect(left).toEqual(['n 3']);
    });
  });

  it('answers 404 and 405 for unknown routes and methods, and keeps serving', async () => {
    expect((await send(server, 'GET', '/nope')).body.error?.code).toBe('ERR_RAFT_CLUSTER_NOT_FOUND');
    const wrongMethod = await send(server, 'PUT', '/members', { body: '{}', headers: AUTH });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.allow).toBe('GET, POST');
    expect((await send(server, 'POST', '/health')).status).toBe(405);
    expect((await send(server, 'GET', '/members/n2')).status).toBe(405);
    expect((await send(server, 'GET', '/members')).status).toBe(200);
  });

  it('closes promptly while a request is still waiting', async () => {
    node.joinImpl = () => new Promise(() => {});
    const waiting = send(server, 'POST', '/members', {
      body: JSON.stringify({ id: 'n4', address: 'a:1' }),
      headers: AUTH,
    }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(100);
    expect(await waiting).toBeInstanceOf(Error);
  });
});
