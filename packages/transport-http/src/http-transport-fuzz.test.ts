import { createSeededRandom, type Message } from '@raft/core';
import { heartbeat } from '@raft/testkit/conformance';
import { deriveAuthToken, encodeMessages } from '@raft/wire';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, writeFrameHeader } from './frames.js';
import { createHttpTransport, type HttpTransport } from './http-transport.js';
import { AUTH_HEADER, MESSAGES_PATH, SENDER_HEADER, STREAM_PATH } from './wire-protocol.js';

const SECRET = 'fuzz-secret-0123456789abcdef';

describe('http transport under hostile input', () => {
  const transports: HttpTransport[] = [];
  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.close();
  });

  it('survives 4,000 random and mutated bodies, refuses each with a counted reason, then still delivers', async () => {
    const received: Message[] = [];
    const b = createHttpTransport({ nodeId: 'b', clusterSecret: SECRET, maxBodyBytes: 64 * 1024 });
    transports.push(b);
    await b.start((message) => received.push(message));
    b.setPeers(new Map([['a', 'unused:1']]));

    const random = createSeededRandom(7);
    const byte = () => Math.floor(random() * 256);
    const valid = encodeMessages([heartbeat('a', 'b', 1), heartbeat('a', 'b', 2)], { senderId: 'a' });
    const client = new Client(`http://${b.address}`, { pipelining: 8 });
    const token = deriveAuthToken(SECRET, '', 'a');
    const statuses = new Map<number, number>();
    const bodies: Uint8Array[] = [];
    for (let run = 0; run < 4000; run++) {
      if (run % 2 === 0) {
        bodies.push(Uint8Array.from({ length: Math.floor(random() * 300) }, byte));
      } else {
        const body = Uint8Array.from(valid);
        for (let flips = 0; flips < 3; flips++) body[Math.floor(random() * body.length)] = byte();
        bodies.push(body.subarray(0, Math.floor(random() * (body.length + 1))));
      }
    }
    for (let start = 0; start < bodies.length; start += 64) {
      await Promise.all(
        bodies.slice(start, start + 64).map(async (body) => {
          const response = await client.request({
            method: 'POST',
            path: MESSAGES_PATH,
            headers: { [SENDER_HEADER]: 'a', [AUTH_HEADER]: token },
            body,
          });
          await response.body.dump();
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        }),
      );
    }
    // Oversized, unauthenticated and misaddressed requests too.
    const extra = [
      {
        path: MESSAGES_PATH,
        headers: { [SENDER_HEADER]: 'a', [AUTH_HEADER]: token },
        body: new Uint8Array(65 * 1024),
      },
      { path: MESSAGES_PATH, headers: { [SENDER_HEADER]: 'a', [AUTH_HEADER]: 'f'.repeat(64) }, body: valid },
      { path: MESSAGES_PATH, headers: { [SENDER_HEADER]: 'a' }, body: valid },
      { path: '/other', headers: {}, body: valid },
    ];
    for (const request of extra) {
      const oneShot = new Client(`http://${b.address}`);
      const response = await oneShot.request({ method: 'POST', ...request }).catch(() => undefined);
      await response?.body.dump();
      await oneShot.close();
    }
    await client.close();

    const stats = b.stats();
    // Every accepted message was well-formed (the decoder guarantees it) and addressed to b.
    for (const message of received) expect(message.to).toBe('b');
    expect(stats.rejected.malformed).toBeGreaterThan(2000);
    expect(stats.rejected.tooLarge).toBe(1);
    // Two bad tokens, plus mutated envelopes whose sender id no longer matches the header.
    expect(stats.rejected.unauthenticated).toBeGreaterThanOrEqual(2);
    expect(stats.rejected.notFound).toBe(1);
    expect(stats.handlerErrors).toBe(0);

    // Still healthy: a real peer gets through.
    const a = createHttpTransport({ nodeId: 'a', clusterSecret: SECRET });
    transports.push(a);
    await a.start(() => {});
    a.setPeers(new Map([['b', b.address]]));
    const before = received.length;
    a.send([heartbeat('a', 'b', 1000)]);
    const deadline = Date.now() + 5000;
    while (received.length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received.at(-1)).toMatchObject({ type: 'heartbeat', readRound: 1000, from: 'a' });
  }, 60_000);

  it('survives 1,000 random and mutated frame streams, refuses each with a counted reason, then still delivers', async () => {
    const received: Message[] = [];
    const b = createHttpTransport({ nodeId: 'b', clusterSecret: SECRET, maxBodyBytes: 4096 });
    transports.push(b);
    await b.start((message) => received.push(message));
    b.setPeers(new Map([['a', 'unused:1']]));
    const random = createSeededRandom(11);
    const byte = () => Math.floor(random() * 256);
    const valid = encodeMessages([heartbeat('a', 'b', 1), heartbeat('a', 'b', 2)], { senderId: 'a' });
    const client = new Client(`http://${b.address}`, { pipelining: 8 });
    const token = deriveAuthToken(SECRET, '', 'a');
    const statuses = new Map<number, number>();
    const bodies: Uint8Array[] = [];
    for (let run = 0; run < 1000; run++) {
      // A few frames: valid, mutated, random, announcing a wrong length; the stream possibly cut short.
      const frames: Uint8Array[] = [];
      for (let count = Math.floor(random() * 4); count >= 0; count--) {
        const kind = random();
        const payload =
          kind < 0.3
            ? valid
            : kind < 0.6
              ? valid.map((value) => (random() < 0.05 ? byte() : value))
              : Uint8Array.from({ length: Math.floor(random() * 200) }, byte);
        const frame = new Uint8Array(FRAME_HEADER_BYTES + payload.byteLength);
        const announced = random() < 0.1 ? Math.floor(random() * 8192) : payload.byteLength;
        writeFrameHeader(frame, 0, announced);
        frame.set(payload, FRAME_HEADER_BYTES);
        frames.push(frame);
      }
      const stream = Buffer.concat(frames);
      bodies.push(random() < 0.2 ? stream.subarray(0, Math.floor(random() * stream.length)) : stream);
    }
    for (let start = 0; start < bodies.length; start += 64) {
      await Promise.all(
        bodies.slice(start, start + 64).map(async (body) => {
          const response = await client.request({
            method: 'POST',
            path: STREAM_PATH,
            headers: { [SENDER_HEADER]: 'a', [AUTH_HEADER]: token },
            body,
          });
          await response.body.dump();
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
        }),
      );
    }
    await client.close();
    const stats = b.stats();
    // Every accepted message was well-formed (the decoder guarantees it) and addressed to b.
    for (const message of received) expect(message.to).toBe('b');
    expect(received.length).toBeGreaterThan(0);
    expect(stats.rejected.malformed).toBeGreaterThan(300);
    expect(stats.rejected.tooLarge).toBeGreaterThan(0);
    expect(stats.handlerErrors).toBe(0);
    expect([...statuses.keys()].sort()).toEqual([204, 400, 401, 413]);
    // Still healthy: a real peer gets through.
    const a = createHttpTransport({ nodeId: 'a', clusterSecret: SECRET });
    transports.push(a);
    await a.start(() => {});
    a.setPeers(new Map([['b', b.address]]));
    const before = received.length;
    a.send([heartbeat('a', 'b', 1000)]);
    const deadline = Date.now() + 5000;
    while (received.length === before && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 5));
    expect(received.at(-1)).toMatchObject({ type: 'heartbeat', readRound: 1000, from: 'a' });
  }, 60_000);

  it('refuses bad options with a ConfigError naming the key', () => {
    expect(() => createHttpTransport({ nodeId: '' })).toThrow(/nodeId/);
    expect(() => createHttpTransport({ nodeId: 'a', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => createHttpTransport({ nodeId: 'a', clusterSecret: 'short' })).toThrow(/clusterSecret/);
  });
});
