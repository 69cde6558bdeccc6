import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SnapshotMetadata } from '../interfaces/snapshot-store.js';
import type { Transport } from '../interfaces/transport.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import type { InstallSnapshotRequest, InstallSnapshotResponse, Message } from '../types/message.js';
import { SnapshotReceiver } from './snapshot-receiver.js';
import { ManualClock } from './test-support/manual-clock.js';
import { settle } from './test-support/test-cluster.js';

const PAYLOAD = new Uint8Array(Array.from({ length: 10 }, (_, k) => k + 1));
const CHECKSUM = createHash('sha256').update(PAYLOAD).digest('hex');
const membership = { members: [{ id: 'a', address: 'a', voter: true }] };

/** The chunk of transfer `transferId` from `offset` to `end` of {@link PAYLOAD}. */
function chunk(
  offset: number,
  end: number,
  overrides: Partial<InstallSnapshotRequest> = {},
): InstallSnapshotRequest {
  return {
    type: 'install-snapshot',
    from: 'a',
    to: 'b',
    term: 3,
    transferId: 1,
    lastIncludedIndex: 20,
    lastIncludedTerm: 2,
    membership,
    totalBytes: PAYLOAD.byteLength,
    offset,
    data: PAYLOAD.slice(offset, end),
    done: end === PAYLOAD.byteLength,
    checksum: end === PAYLOAD.byteLength ? CHECKSUM : '',
    ...overrides,
  };
}

function harness() {
  const sent: InstallSnapshotResponse[] = [];
  const installed: SnapshotMetadata[] = [];
  const clock = new ManualClock();
  const snapshotStore = createMemorySnapshotStore();
  const transport = {
    send: (messages: readonly Message[]) => {
      for (const message of messages) if (message.type === 'install-snapshot-response') sent.push(message);
    },
  } as unknown as Transport;
  const receiver = new SnapshotReceiver({
    nodeId: 'b',
    snapshotStore,
    transport,
    clock,
    logger: { debug() {}, info() {}, warn() {}, error() {} },
    abandonAfterMs: 200,
    currentTerm: () => 3,
    install: (_leaderId, _term, metadata) => {
      installed.push(metadata);
      return 'installed';
    },
  });
  const answers = () =>
    sent.map(
      (response) => `${response.transferId}:${response.accepted ? 'ok' : 'refused'}@${response.nextOffset}`,
    );
  return { receiver, sent, installed, clock, snapshotStore, answers };
}

describe('SnapshotReceiver', () => {
  it('writes chunks in order, acknowledges each once written, and installs a verified snapshot', async () => {
    const { receiver, installed, snapshotStore, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(4, 8));
    receiver.onChunk(chunk(8, 10));
    await receiver.idle();
    expect(answers()).toEqual(['1:ok@4', '1:ok@8', '1:ok@10']);
    expect(installed).toHaveLength(1);
    expect(installed[0]).toMatchObject({
      lastIncludedIndex: 20,
      lastIncludedTerm: 2,
      sizeBytes: 10,
      membership,
    });
    const reader = await snapshotStore.open(installed[0]!.id);
    const bytes: number[] = [];
    for await (const part of reader.chunks) bytes.push(...part);
    expect(bytes).toEqual([...PAYLOAD]);
  });

  it('refuses a gap, aborts the sink, and refuses the rest of that transfer', async () => {
    const { receiver, installed, snapshotStore, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(8, 10));
    receiver.onChunk(chunk(4, 8));
    await receiver.idle();
    expect(answers()).toEqual(['1:refused@0', '1:refused@0']);
    expect(installed).toEqual([]);
    expect(await snapshotStore.list()).toEqual([]);
    expect(receiver.receiving).toBe(false);
  });

  it('refuses a payload whose checksum does not match: nothing is committed', async () => {
    const { receiver, installed, snapshotStore, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(4, 10, { checksum: '00'.repeat(32) }));
    await receiver.idle();
    // The first chunk's acknowledgement is never sent: the transfer was refused before it was written.
    expect(answers()).toEqual(['1:refused@0']);
    expect(installed).toEqual([]);
    expect(await snapshotStore.list()).toEqual([]);
  });

  it('ignores a duplicated chunk', async () => {
    const { receiver, installed, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(4, 10));
    await receiver.idle();
    expect(answers()).toEqual(['1:ok@4', '1:ok@10']);
    expect(installed).toHaveLength(1);
  });

  it('a new transfer at offset 0 supersedes the one in progress', async () => {
    const { receiver, installed, snapshotStore, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(0, 4, { transferId: 2 }));
    receiver.onChunk(chunk(4, 8));
    receiver.onChunk(chunk(4, 10, { transferId: 2 }));
    await receiver.idle();
    expect(answers()).toEqual(['1:refused@0', '2:ok@4', '2:ok@10']);
    expect(installed).toHaveLength(1);
    expect(await snapshotStore.list()).toHaveLength(1);
  });

  it('refuses a chunk from an older term', async () => {
    const { receiver, installed, answers } = harness();
    receiver.onChunk(chunk(0, 10, { term: 2 }));
    await receiver.idle();
    expect(answers()).toEqual(['1:refused@0']);
    expect(installed).toEqual([]);
  });

  it('abandons a transfer that hears nothing for abandonAfterMs', async () => {
    const { receiver, clock, answers } = harness();
    receiver.onChunk(chunk(0, 4));
    await settle();
    clock.advance(200);
    expect(receiver.receiving).toBe(false);
    receiver.onChunk(chunk(4, 10));
    await receiver.idle();
    expect(answers()).toEqual(['1:ok@4', '1:refused@0']);
  });

  it('refuses a transfer whose sink fails', async () => {
    const { receiver, snapshotStore, installed, answers } = harness();
    snapshotStore.create = () => Promise.reject(new Error('disk full'));
    receiver.onChunk(chunk(0, 4));
    receiver.onChunk(chunk(4, 10));
    await receiver.idle();
    expect(answers()).toEqual(['1:refused@0']);
    expect(installed).toEqual([]);
  });
});
