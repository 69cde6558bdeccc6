import { describe, expect, it } from 'vitest';
import { LeadershipTransferError } from '../errors/leadership-transfer-error.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { ConditionWaiters } from './condition-waiters.js';
import { ManualClock } from './test-support/manual-clock.js';

describe('ConditionWaiters', () => {
  it('resolves at once when the condition already holds', async () => {
    const waiters = new ConditionWaiters(new ManualClock());
    await expect(waiters.wait(() => true)).resolves.toBeUndefined();
    expect(waiters.size).toBe(0);
  });

  it('resolves on the first checkAll after the condition becomes true', async () => {
    const waiters = new ConditionWaiters(new ManualClock());
    let ready = false;
    const waiting = waiters.wait(() => ready);
    waiters.checkAll();
    expect(waiters.size).toBe(1);
    ready = true;
    waiters.checkAll();
    await expect(waiting).resolves.toBeUndefined();
    expect(waiters.size).toBe(0);
  });

  it('rejects with the error a check throws', async () => {
    const waiters = new ConditionWaiters(new ManualClock());
    let leader = true;
    const waiting = waiters.wait(() => {
      if (!leader) throw new NotLeaderError('b');
      return false;
    });
    leader = false;
    waiters.checkAll();
    await expect(waiting).rejects.toBeInstanceOf(NotLeaderError);
  });

  it('rejects with the timeout error after the deadline on the node clock, and not before', async () => {
    const clock = new ManualClock();
    const waiters = new ConditionWaiters(clock);
    const waiting = waiters.wait(() => false, {
      afterMs: 100,
      error: () => new LeadershipTransferError('slow'),
    });
    let settled = false;
    waiting.catch(() => {
      settled = true;
    });
    clock.advance(99);
    await Promise.resolve();
    expect(settled).toBe(false);
    clock.advance(1);
    await expect(waiting).rejects.toBeInstanceOf(LeadershipTransferError);
    expect(waiters.size).toBe(0);
  });

  it('clears the timer of a waiter that resolved', async () => {
    const clock = new ManualClock();
    const waiters = new ConditionWaiters(clock);
    let ready = false;
    const waiting = waiters.wait(() => ready, {
      afterMs: 100,
      error: () => new LeadershipTransferError('slow'),
    });
    ready = true;
    waiters.checkAll();
    await waiting;
    expect(clock.pendingTimers).toBe(0);
  });

  it('rejects every waiter on rejectAll', async () => {
    const clock = new ManualClock();
    const waiters = new ConditionWaiters(clock);
    const first = waiters.wait(() => false);
    const second = waiters.wait(() => false, {
      afterMs: 5,
      error: () => new LeadershipTransferError('slow'),
    });
    waiters.rejectAll(() => new NodeStoppedError());
    await expect(first).rejects.toBeInstanceOf(NodeStoppedError);
    await expect(second).rejects.toBeInstanceOf(NodeStoppedError);
    expect(clock.pendingTimers).toBe(0);
  });
});
