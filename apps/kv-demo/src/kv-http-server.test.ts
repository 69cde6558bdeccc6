import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_KEY_BYTES, MAX_VALUE_BYTES } from './kv-command.js';
import { startTestKvCluster, type TestKvNode } from './test-support/in-process-cluster.js';

let cluster: Awaited<ReturnType<typeof startTestKvCluster>>;
let leader: TestKvNode;
let followers: TestKvNode[];

beforeAll(async () => {
  cluster = await startTestKvCluster();
  leader = cluster.nodes.find((member) => member.node.isLeader())!;
  followers = cluster.nodes.filter((member) => member !== leader);
});
afterAll(async () => {
  await cluster.stop();
});

async function call(node: TestKvNode, method: string, path: string, body?: string) {
  const response = await fetch(`${node.url}${path}`, { method, ...(body === undefined ? {} : { body }) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the key-value HTTP API', () => {
  it('writes on a follower and reads linearizably on another: the read sees the acknowledged write', async () => {
    const [first, second] = followers as [TestKvNode, TestKvNode];
    const put = await call(first, 'PUT', '/kv/colour', 'blue');
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ op: 'put', revision: expect.any(Number) });
    const got = await call(second, 'GET', '/kv/colour');
    expect(got).toEqual({ status: 200, body: { key: 'colour', value: 'blue', revision: put.body.revision } });
    // Every node applies the same write at the same revision.
    for (const member of cluster.nodes) {
      expect((await call(member, 'GET', '/kv/colour')).body).toMatchObject({ value: 'blue' });
    }
  });

  it('deletes, and answers 404 for a missing key', async () => {
    await call(leader, 'PUT', '/kv/temp', 'x');
    expect((await call(followers[0]!, 'DELETE', '/kv/temp')).body).toMatchObject({ deleted: true });
    expect(await call(leader, 'GET', '/kv/temp')).toMatchObject({
      status: 404,
      body: { error: 'ERR_KV_NOT_FOUND' },
    });
    expect((await call(leader, 'DELETE', '/kv/temp')).body).toMatchObject({ deleted: false });
  });

  it('compare-and-set: 200 when the expected value matches, 409 with the current value when not', async () => {
    const create = await call(
      leader,
      'POST',
      '/kv/lock/cas',
      JSON.stringify({ expected: null, value: 'me' }),
    );
    expect(create).toMatchObject({ status: 200, body: { succeeded: true, current: { value: 'me' } } });
    const lost = await call(
      followers[1]!,
      'POST',
      '/kv/lock/cas',
      JSON.stringify({ expected: null, value: 'you' }),
    );
    expect(lost).toMatchObject({ status: 409, body: { succeeded: false, current: { value: 'me' } } });
    const release = await call(
      leader,
      'POST',
      '/kv/lock/cas',
      JSON.stringify({ expected: 'me', value: null }),
    );
    expect(release).toMatchObject({ status: 200, body: { succeeded: true, current: null } });
  });

  it('keys are percent-decoded, and a stale read skips the barrier', async () => {
    await call(leader, 'PUT', `/kv/${encodeURIComponent('a/b c')}`, 'slashed');
    const stale = await call(leader, 'GET', `/kv/${encodeURIComponent('a/b c')}?consistency=stale`);
    expect(stale.body).toMatchObject({ key: 'a/b c', value: 'slashed' });
  });

  it('refuses bad requests with typed errors and keeps serving', async () => {
    expect(await call(leader, 'GET', `/kv/${'k'.repeat(MAX_KEY_BYTES + 1)}`)).toMatchObject({
      status: 400,
      body: { error: 'ERR_KV_BAD_KEY' },
    });
    expect(await call(leader, 'GET', '/kv/%E0%A4%A')).toMatchObject({
      status: 400,
      body: { error: 'ERR_KV_BAD_KEY' },
    });
    expect(await call(leader, 'POST', '/kv/x/cas', '{nope')).toMatchObject({
      status: 400,
      body: { error: 'ERR_KV_BAD_BODY' },
    });
    expect(await call(leader, 'POST', '/kv/x/cas', '{"expected": 1}')).toMatchObject({ status: 400 });
    expect(await call(leader, 'PUT', '/kv/big', 'v'.repeat(MAX_VALUE_BYTES + 1))).toMatchObject({
      status: 413,
      body: { error: 'ERR_KV_TOO_LARGE' },
    });
    expect(await call(leader, 'GET', '/nowhere')).toMatchObject({
      status: 404,
      body: { error: 'ERR_KV_NO_ROUTE' },
    });
    expect(await call(leader, 'PATCH', '/kv/x')).toMatchObject({
      status: 405,
      body: { error: 'ERR_KV_METHOD' },
    });
    expect((await call(leader, 'PUT', '/kv/after', 'still fine')).status).toBe(200);
  });
});
