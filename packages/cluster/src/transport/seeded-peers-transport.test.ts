import type { Message, MessageHandler, Transport } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { SeededPeersTransport } from './seeded-peers-transport.js';

/** A transport that records the peer tables it is given. */
class RecordingTransport implements Transport {
  readonly tables: string[] = [];
  readonly sent: Message[] = [];
  handler: MessageHandler | undefined;
  closed = false;

  async start(handler: MessageHandler): Promise<void> {
    this.handler = handler;
  }
  send(messages: readonly Message[]): void {
    this.sent.push(...messages);
  }
  setPeers(peers: ReadonlyMap<string, string>): void {
    this.tables.push([...peers].map(([id, address]) => `${id}=${address}`).join(' '));
  }
  async close(): Promise<void> {
    this.closed = true;
  }
}

describe('SeededPeersTransport', () => {
  it('adds seeded peers under the driver table until the seeds are cleared', () => {
    const inner = new RecordingTransport();
    const transport = new SeededPeersTransport(inner);
    transport.setPeers(new Map());
    transport.seedPeers(
      new Map([
        ['n1', 'h:1'],
        ['n2', 'h:2'],
      ]),
    );
    // The driver learned a newer address for n2 and a new member n4.
    transport.setPeers(
      new Map([
        ['n2', 'h:22'],
        ['n4', 'h:4'],
      ]),
    );
    transport.seedPeers(undefined);
    expect(inner.tables).toEqual(['', 'n1=h:1 n2=h:2', 'n1=h:1 n2=h:22 n4=h:4', 'n2=h:22 n4=h:4']);
  });

  it('passes everything else through', async () => {
    const inner = new RecordingTransport();
    const transport = new SeededPeersTransport(inner);
    const handler: MessageHandler = () => {};
    await transport.start(handler);
    const message = { type: 'timeout-now', from: 'n1', to: 'n2', term: 1 } as unknown as Message;
    transport.send([message]);
    await transport.close();
    expect(inner.handler).toBe(handler);
    expect(inner.sent).toEqual([message]);
    expect(inner.closed).toBe(true);
  });
});
