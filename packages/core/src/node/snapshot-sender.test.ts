import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Transport } from '../interfaces/transport.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import type { InstallSnapshotRequest, Message } from '../types/message.js';
import { SnapshotSender } from './snapshot-sender.js';
import { ManualClock } from './test-support/manual-clock.js';
import { settle } from './test-support/test-cluster.js';

const CHUNK_BYTES = 4;
const PAYLOAD = new Uint8Array(Array.from({ length: 30 }, (_, k) => k));
const membership = { members: [{ id: 'a', address: 'a', voter: true }] };

async function harness() {
  const sent: InstallSnapshotRequest[] = [];
  const finished: string[] = [];
  const clock = new ManualClock();
  const snapshotStore = createMemorySnapshotStore();
  const sink = await snapshotStore.create({ lastIncludedIndex: 20, lastIncludedTerm: 2, membership });
  await sink.write(PAYLOAD.subarray(0, 7));
  await sink.write(PAYLOAD.subarray(7));
  await sink.commit();
  const transport = {
    send: (messages: readonly Message[]) => {
      for (const message of messages) if (message.type === 'install-snapshot') sent.push(message);
    },
  } as unknown as Transport;
  const sender = new SnapshotSender({
    nodeId: 'a',
    snapshotStore,
    transport,
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    chunkBytes: CHUNK_BYTES,
    windowChunks: 2,
    progressTimeoutMs: 100,
    onFinished: (to, succeeded) => finished.push(`${to}:${succeeded ? 'succeeded' : 'failed'}`),
  });
  const ack = (nextOffset: number, accepted = true, transferId = sent[0]!.transferId) =>
    sender.onResponse({
      type: 'install-snapshot-response',
      from: 'c',
      to: 'a',
      term: 3,
      transferId,
      accepted,
      nextOffset,
    });
  return { sender, sent, finished, clock, ack };
}

const request = { to: 'c', lastIncludedIndex: 20, lastIncludedTerm: 2 };

describe('SnapshotSender', () => {
  it('streams the newest snapshot in chunks, a window at a time, with the checksum on the last', async () => {
    const { sender, sent, finished, ack } = await harness();
    sender.start(request, 3);
    await settle();
    expect(sent.map((chunk) => chunk.offset)).toEqual([0, 4]);
    let acknowledged = 0;
    while (sent.length > 0 && !sent[sent.length - 1]!.done) {
      acknowledged += CHUNK_BYTES;
      ack(acknowledged);
      await settle();
    }
    expect(sent.map((chunk) => chunk.data.byteLength)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    const last = sent[sent.length - 1]!;
    expect(last).toMatchObject({ done: true, offset: 28, totalBytes: 30, term: 3, lastIncludedIndex: 20 });
    expect(last.checksum).toBe(createHash('sha256').update(PAYLOAD).digest('hex'));
    expect(sent.every((chunk) => chunk.transferId === sent[0]!.transferId)).toBe(true);
    expect(finished).toEqual([]);
    ack(30);
    await sender.idle();
    expect(finished).toEqual(['c:succeeded']);
    expect(sender.activePeers).toEqual([]);
  });

  it('runs one transfer per peer at a time', async () => {
    const { sender, sent } = await harness();
    sender.start(request, 3);
    sender.start(request, 3);
    await settle();
    expect(sent).toHaveLength(2);
  });

  it('fails when the follower refuses, and the next transfer starts afresh under a new id', async () => {
    const { sender, sent, finished, ack } = await harness();
    sender.start(request, 3);
    await settle();
    ack(0, false);
    await sender.idle();
    expect(finished).toEqual(['c:failed']);
    sender.start(request, 3);
    await settle();
    expect(sent[2]).toMatchObject({ offset: 0 });
    expect(sent[2]!.transferId).not.toBe(sent[0]!.transferId);
  });

  it('fails a transfer without progress for progressTimeoutMs', async () => {
    const { sender, finished, clock, ack } = await harness();
    sender.start(request, 3);
    await settle();
    clock.advance(90);
    ack(4);
    clock.advance(90);
    await settle();
    expect(finished).toEqual([]);
    clock.advance(10);
    await sender.idle();
    expect(finished).toEqual(['c:failed']);
  });

  it('cancels quietly (no report to the engine)', async () => {
    const { sender, finished } = await harness();
    sender.start(request, 3);
    await settle();
    sender.cancelAll();
    await sender.idle();
    expect(finished).toEqual([]);
  });
});
