import type { Message, MessageHandler, Transport } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { SimTransport } from './sim-transport.js';

function fakeTransport() {
  const sent: Message[] = [];
  let handler: MessageHandler | undefined;
  let closed = false;
  const transport: Transport = {
    start: async (h) => {
      handler = h;
    },
    send: (messages) => sent.push(...messages),
    setPeers: () => {},
    close: async () => {
      closed = true;
    },
  };
  return { transport, sent, deliver: (message: Message) => handler?.(message), isClosed: () => closed };
}

const heartbeat = (from: string, to: string): Message => ({
  type: 'heartbeat',
  from,
  to,
  term: 1,
  commitIndex: 0,
  readRound: 0,
});

describe('SimTransport', () => {
  it('passes messages through both ways', async () => {
    const inner = fakeTransport();
    const received: Message[] = [];
    const seen: Message[] = [];
    const transport = new SimTransport(inner.transport, (messages) => seen.push(...messages));
    await transport.start((message) => received.push(message));
    transport.send([heartbeat('a', 'b')]);
    inner.deliver(heartbeat('b', 'a'));
    expect(inner.sent).toHaveLength(1);
    expect(seen).toHaveLength(1);
    expect(received).toHaveLength(1);
  });

  it('holds messages both ways while paused', async () => {
    const inner = fakeTransport();
    const received: Message[] = [];
    const transport = new SimTransport(inner.transport);
    await transport.start((message) => received.push(message));
    transport.pause();
    transport.send([heartbeat('a', 'b')]);
    inner.deliver(heartbeat('b', 'a'));
    expect(inner.sent).toHaveLength(0);
    expect(received).toHaveLength(0);
    transport.resume();
    expect(inner.sent).toHaveLength(1);
    expect(received).toHaveLength(1);
  });

  it('drops everything once killed, and closes the inner transport', async () => {
    const inner = fakeTransport();
    const received: Message[] = [];
    const transport = new SimTransport(inner.transport);
    await transport.start((message) => received.push(message));
    transport.pause();
    inner.deliver(heartbeat('b', 'a'));
    transport.kill();
    transport.resume();
    transport.send([heartbeat('a', 'b')]);
    inner.deliver(heartbeat('b', 'a'));
    expect(received).toHaveLength(0);
    expect(inner.sent).toHaveLength(0);
    expect(inner.isClosed()).toBe(true);
  });
});
