import type { Message } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { OutboundQueue, type OutboundQueueOptions } from './outbound-queue.js';

const heartbeat = (readRound: number): Message => ({
  type: 'heartbeat',
  from: 'a',
  to: 'b',
  term: 1,
  commitIndex: 0,
  readRound,
});

const rounds = (batch: readonly Message[]) =>
  batch.map((message) => (message.type === 'heartbeat' ? message.readRound : -1));

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** A queue whose deliveries are recorded and settled by the test. */
function recordingQueue(options: Partial<OutboundQueueOptions> = {}) {
  const batches: number[][] = [];
  const pending: { resolve(): void; reject(error: Error): void }[] = [];
  const drops: [number, string][] = [];
  const queue = new OutboundQueue({
    maxQueuedMessages: 1000,
    maxBatchBytes: 1 << 20,
    maxBatchMessages: 1000,
    backoff: { initialDelayMs: 5, maxDelayMs: 5 },
    random: () => 1,
    deliver: (batch) => {
      batches.push(rounds(batch));
      return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
    },
    onDrop: (count, reason) => drops.push([count, reason]),
    onDeliveryError: () => {},
    ...options,
  });
  return { queue, batches, pending, drops };
}

describe('OutboundQueue', () => {
  it('sends everything pushed during one turn of the event loop as one batch', async () => {
    const { queue, batches } = recordingQueue();
    queue.push(heartbeat(1));
    await Promise.resolve();
    queue.push(heartbeat(2));
    queueMicrotask(() => queue.push(heartbeat(3)));
    expect(batches).toEqual([]);
    await nextTurn();
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('batches what is pushed while a delivery is in flight, in order, within the batch limits', async () => {
    const { queue, batches, pending } = recordingQueue({ maxBatchMessages: 3 });
    queue.push(heartbeat(1));
    await nextTurn();
    for (let round = 2; round <= 6; round++) queue.push(heartbeat(round));
    await nextTurn();
    expect(batches).toEqual([[1]]);
    pending.shift()!.resolve();
    await nextTurn();
    expect(batches).toEqual([[1], [2, 3, 4]]);
    pending.shift()!.resolve();
    await nextTurn();
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6]]);
  });

  it('keeps the newest maxQueuedMessages, counting the oldest as overflow', async () => {
    const { queue, batches, drops } = recordingQueue({ maxQueuedMessages: 3 });
    for (let round = 1; round <= 5; round++) queue.push(heartbeat(round));
    expect(drops).toEqual([
      [1, 'overflow'],
      [1, 'overflow'],
    ]);
    await nextTurn();
    expect(batches).toEqual([[3, 4, 5]]);
  });

  it('drops a failed batch, backs off, then carries on with what was queued meanwhile', async () => {
    const { queue, batches, pending, drops } = recordingQueue();
    queue.push(heartbeat(1));
    await nextTurn();
    queue.push(heartbeat(2));
    pending.shift()!.reject(new Error('refused'));
    await nextTurn();
    expect(drops).toEqual([[1, 'failed']]);
    expect(batches).toEqual([[1]]);
    queue.push(heartbeat(3));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(batches).toEqual([[1], [2, 3]]);
  });

  it('drops what is queued when closed, and everything pushed afterwards', async () => {
    const { queue, batches, drops } = recordingQueue();
    queue.push(heartbeat(1));
    queue.push(heartbeat(2));
    queue.close();
    queue.push(heartbeat(3));
    await nextTurn();
    expect(batches).toEqual([]);
    expect(drops).toEqual([
      [2, 'closed'],
      [1, 'closed'],
    ]);
  });
});
