import { createSeededRandom, type Message } from '@raft/core';
import { heartbeat } from '@raft/testkit/conformance';
import { deriveAuthToken, encodeMessages } from '@raft/wire';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpTransport, type HttpTransport } from './http-transport.js';
import { AUTH_HEADER, MESSAGES_PATH, SENDER_HEADER } from './wire-protocol.js';

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

  it('refuses bad options with a ConfigError naming the key', () => {
    expect(() => createHttpTransport({ nodeId: '' })).toThrow(/nodeId/);
    expect(() => createHttpTransport({ nodeId: 'a', requestTimeoutMs: 0 })).toThrow(/requestTimeoutMs/);
    expect(() => createHttpTransport({ nodeId: 'a', clusterSecret: 'short' })).toThrow(/clusterSecret/);
  });
});
