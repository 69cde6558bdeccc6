import { describe, expect, it } from 'vitest';
import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import type {
  ForwardedMembershipOperation,
  ForwardMembershipRequest,
  ForwardMembershipResponse,
} from '../types/message.js';
import { MembershipForwardingClient } from './membership-forwarding-client.js';
import { MembershipForwardingServer } from './membership-forwarding-server.js';

const LEAVE_C: ForwardedMembershipOperation = { kind: 'leave', nodeId: 'c' };

function request(requestId: number, from = 'b'): ForwardMembershipRequest {
  return { type: 'forward-membership', from, to: 'a', term: 3, requestId, operation: LEAVE_C };
}

function deferred(): { promise: Promise<void>; resolve: () => void; reject: (error: Error) => void } {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

function server() {
  const runs: ReturnType<typeof deferred>[] = [];
  const sent: ForwardMembershipResponse[] = [];
  const instance = new MembershipForwardingServer({
    nodeId: 'a',
    run: () => {
      const run = deferred();
      runs.push(run);
      return run.promise;
    },
    send: (message) => sent.push(message),
    currentLeader: () => 'a',
    currentTerm: () => 3,
    appliedIndex: () => 42,
  });
  return { instance, runs, sent };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('MembershipForwardingServer (leader side)', () => {
  it('runs a request once: a re-send while it runs is ignored, one after it ended gets the same answer', async () => {
    const { instance, runs, sent } = server();
    instance.onRequest(request(7));
    instance.onRequest(request(7));
    expect(runs).toHaveLength(1);
    instance.onRequest(request(7, 'c'));
    expect(runs).toHaveLength(2); // same id from another node is another request
    runs[0]!.resolve();
    await flush();
    expect(sent).toEqual([
      expect.objectContaining({ to: 'b', requestId: 7, outcome: 'done', appliedIndex: 42, reason: '' }),
    ]);
    // Running it again could undo a later change (the node that left was added back meanwhile).
    instance.onRequest(request(7));
    expect(runs).toHaveLength(2);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toEqual(sent[0]);
  });

  it('maps each failure to its outcome, and says nothing when the node stopped', async () => {
    const { instance, runs, sent } = server();
    const failures = [
      new NotLeaderError('c'),
      new MembershipChangeError('a change is in progress'),
      new OutcomeUnknownError('leadership was lost'),
      new NodeStoppedError(),
      new Error('x'.repeat(5000)),
    ];
    failures.forEach((_, i) => {
      instance.onRequest(request(i + 1));
    });
    failures.forEach((failure, i) => {
      runs[i]!.reject(failure);
    });
    await flush();
    expect(sent.map((message) => message.outcome)).toEqual(['not-leader', 'refused', 'unknown', 'unknown']);
    expect(sent[1]!.reason).toBe('a change is in progress');
    expect(sent[3]!.reason.length).toBeLessThanOrEqual(1001);
    expect(sent.every((message) => message.appliedIndex === 0)).toBe(true);
  });
});

function client(leader: { id: string | undefined; term?: number }) {
  const sent: ForwardMembershipRequest[] = [];
  const applied: { index: number; done: () => void }[] = [];
  const instance = new MembershipForwardingClient(
    {
      nodeId: 'b',
      send: (message) => sent.push(message),
      currentLeader: () => leader.id,
      currentTerm: () => leader.term ?? 3,
      awaitAppliedIndex: (index) => new Promise<void>((done) => applied.push({ index, done })),
      resendAfterTicks: 10,
    },
    100,
  );
  return { instance, sent, applied };
}

function response(
  requestId: number,
  outcome: ForwardMembershipResponse['outcome'],
  from = 'a',
): ForwardMembershipResponse {
  return {
    type: 'forward-membership-response',
    from,
    to: 'b',
    term: 3,
    requestId,
    outcome,
    appliedIndex: outcome === 'done' ? 9 : 0,
    leaderHint: 'a',
    reason: outcome === 'refused' ? 'no' : '',
  };
}

describe('MembershipForwardingClient (follower side)', () => {
  it('sends to the leader, re-sends every election timeout, and resolves once the change is applied here', async () => {
    const leader = { id: 'a' as string | undefined };
    const { instance, sent, applied } = client(leader);
    let resolved = false;
    const done = instance.forward(LEAVE_C).then(() => {
      resolved = true;
    });
    expect(sent).toEqual([expect.objectContaining({ to: 'a', requestId: 100, operation: LEAVE_C })]);
    for (let tick = 0; tick < 25; tick++) instance.onTick();
    expect(sent.map((message) => message.requestId)).toEqual([100, 100, 100]);
    instance.onResponse(response(100, 'done', 'c')); // not the node it asked: ignored
    instance.onResponse(response(100, 'done'));
    await flush();
    expect(applied.map((wait) => wait.index)).toEqual([9]);
    expect(resolved).toBe(false);
    applied[0]!.done();
    await done;
    expect(resolved).toBe(true);
  });

  it('resolves a leave of itself at once: it may never hear of the commit', async () => {
    const { instance, applied } = client({ id: 'a' });
    const done = instance.forward({ kind: 'leave', nodeId: 'b' });
    instance.onResponse(response(100, 'done'));
    await done;
    expect(applied).toEqual([]);
  });

  it('turns refusals into typed errors and gives up with OutcomeUnknownError when the leader changes', async () => {
    const leader = { id: 'a' as string | undefined };
    const { instance } = client(leader);
    const refused = instance.forward(LEAVE_C);
    const notLeader = instance.forward(LEAVE_C);
    const unknown = instance.forward(LEAVE_C);
    const orphaned = instance.forward(LEAVE_C);
    instance.onResponse(response(100, 'refused'));
    instance.onResponse(response(101, 'not-leader'));
    instance.onResponse(response(102, 'unknown'));
    leader.id = 'c';
    instance.onTick();
    await expect(refused).rejects.toBeInstanceOf(MembershipChangeError);
    await expect(notLeader).rejects.toBeInstanceOf(NotLeaderError);
    await expect(unknown).rejects.toBeInstanceOf(OutcomeUnknownError);
    await expect(orphaned).rejects.toBeInstanceOf(OutcomeUnknownError);
  });

  it('gives up when the term changes, even with the same leader (it may have forgotten the request)', async () => {
    const leader = { id: 'a' as string | undefined, term: 3 };
    const { instance, sent } = client(leader);
    const waiting = instance.forward(LEAVE_C);
    leader.term = 4;
    for (let tick = 0; tick < 25; tick++) instance.onTick();
    await expect(waiting).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(sent).toHaveLength(1);
  });

  it('refuses at once without a leader, and rejects everything waiting when the node stops', async () => {
    const leader = { id: undefined as string | undefined };
    const { instance, sent } = client(leader);
    await expect(instance.forward(LEAVE_C)).rejects.toBeInstanceOf(NotLeaderError);
    expect(sent).toEqual([]);
    leader.id = 'a';
    const waiting = instance.forward(LEAVE_C);
    instance.rejectAll(() => new OutcomeUnknownError('the node stopped'));
    await expect(waiting).rejects.toBeInstanceOf(OutcomeUnknownError);
  });
});
