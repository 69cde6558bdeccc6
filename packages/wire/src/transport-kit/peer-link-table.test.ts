import type { Message } from '@raft/core';
import { silentLogger } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { encodeMessages } from '../encode.js';
import { admitEnvelope, deliverAddressed } from './inbound-envelope.js';
import { type PeerLink, PeerLinkTable } from './peer-link-table.js';
import { TransportCounters } from './transport-counters.js';

const heartbeat = (from: string, to: string, readRound: number): Message => ({
  type: 'heartbeat',
  from,
  to,
  term: 1,
  commitIndex: 0,
  readRound,
});

class RecordingLink implements PeerLink {
  readonly pushed: Message[] = [];
  closed = false;
  constructor(readonly address: string) {}
  push(message: Message): void {
    this.pushed.push(message);
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('PeerLinkTable', () => {
  it('routes to one lazily created link per peer, replaces moved peers and counts what it drops', async () => {
    const counters = new TransportCounters();
    const created: RecordingLink[] = [];
    const table = new PeerLinkTable(
      'test transport',
      { counters, logger: silentLogger },
      (peerId, address) => {
        if (address === 'bad') throw new Error(`cannot reach ${peerId}`);
        const link = new RecordingLink(address);
        created.push(link);
        return link;
      },
    );
    table.setPeers(
      new Map([
        ['b', 'b:1'],
        ['c', 'bad'],
      ]),
    );
    table.send([
      heartbeat('a', 'b', 1),
      heartbeat('a', 'b', 2),
      heartbeat('a', 'c', 3),
      heartbeat('a', 'x', 4),
    ]);
    expect(created.map((link) => link.pushed.length)).toEqual([2]);
    expect(table.has('b')).toBe(true);
    expect(table.has('x')).toBe(false);

    table.setPeers(new Map([['b', 'b:2']]));
    expect(created[0]!.closed).toBe(true);
    table.send([heartbeat('a', 'b', 5)]);
    expect(created.map((link) => link.address)).toEqual(['b:1', 'b:2']);

    await table.close();
    expect(created[1]!.closed).toBe(true);
    table.send([heartbeat('a', 'b', 6)]);
    expect(counters.snapshot()).toMatchObject({ sent: 6, dropped: { noPeer: 2, closed: 1 } });
  });
});

describe('admitEnvelope', () => {
  const policy = {
    nodeId: 'b',
    clusterId: 'c1',
    acceptUnknownSenders: false,
    isKnownPeer: (id: string) => id === 'a',
  };
  const batch = encodeMessages([heartbeat('a', 'b', 1), heartbeat('a', 'z', 2)], {
    senderId: 'a',
    clusterId: 'c1',
  });

  it('admits a well-formed batch from a known peer, and delivers only what is addressed to this node', () => {
    const admission = admitEnvelope(batch, policy, 'a', {});
    expect(admission.reason).toBeUndefined();
    const counters = new TransportCounters();
    const delivered: Message[] = [];
    if (admission.reason === undefined) {
      deliverAddressed(admission.envelope, 'b', counters, (message) => delivered.push(message));
    }
    expect(delivered.map((message) => message.to)).toEqual(['b']);
    expect(counters.rejected.misrouted).toBe(1);
  });

  it('decodes a Buffer into plain Uint8Array views of the same memory (no copy)', () => {
    const entries = [1, 2].map((index) => ({
      index,
      term: 1,
      type: 'normal' as const,
      data: Uint8Array.of(index, 7),
    }));
    const append: Message = {
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: 1,
      prevLogIndex: 0,
      prevLogTerm: 0,
      leaderCommit: 0,
      entries,
    };
    const received = Buffer.from(encodeMessages([append], { senderId: 'a', clusterId: 'c1' }));
    const admission = admitEnvelope(received, policy, 'a', {});
    const decoded = admission.reason === undefined ? admission.envelope.messages[0] : undefined;
    if (decoded?.type !== 'append-entries') throw new Error('expected an append');
    for (const entry of decoded.entries) {
      expect(Object.getPrototypeOf(entry.data)).toBe(Uint8Array.prototype);
      expect(entry.data.buffer).toBe(received.buffer);
    }
    expect(decoded.entries.map((entry) => [...entry.data])).toEqual([
      [1, 7],
      [2, 7],
    ]);
  });

  it('refuses with a reason: garbage, a sender other than declared, another cluster, an unknown sender', () => {
    expect(admitEnvelope(new Uint8Array([1, 2, 3]), policy, 'a', {}).reason).toBe('malformed');
    expect(admitEnvelope(batch, policy, 'm', {}).reason).toBe('unauthenticated');
    expect(admitEnvelope(batch, { ...policy, clusterId: 'c2' }, 'a', {}).reason).toBe('wrongCluster');
    expect(admitEnvelope(batch, { ...policy, isKnownPeer: () => false }, undefined, {}).reason).toBe(
      'unknownSender',
    );
    expect(
      admitEnvelope(batch, { ...policy, isKnownPeer: () => false, acceptUnknownSenders: true }, 'a', {})
        .reason,
    ).toBeUndefined();
  });
});
