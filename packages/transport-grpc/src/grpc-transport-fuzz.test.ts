import { Client, credentials, Metadata } from '@grpc/grpc-js';
import { createSeededRandom, type Message } from '@raft/core';
import { heartbeat } from '@raft/testkit/conformance';
import { deriveAuthToken, encodeMessages } from '@raft/wire';
import { afterEach, describe, expect, it } from 'vitest';
import { AUTH_METADATA, SEND_PATH, SENDER_METADATA, serializeBytes } from './grpc-service.js';
import { createGrpcTransport, type GrpcTransport } from './grpc-transport.js';

const SECRET = 'fuzz-secret-0123456789abcdef';

describe('grpc transport under hostile input', () => {
  const transports: GrpcTransport[] = [];
  afterEach(async () => {
    for (const transport of transports.splice(0)) await transport.close();
  });

  it('survives 3,000 random and mutated frames, refuses them with counted reasons, then still delivers', async () => {
    const received: Message[] = [];
    const b = createGrpcTransport({ nodeId: 'b', clusterSecret: SECRET });
    transports.push(b);
    await b.start((message) => received.push(message));
    b.setPeers(new Map([['a', 'unused:1']]));

    const random = createSeededRandom(11);
    const byte = () => Math.floor(random() * 256);
    const valid = encodeMessages([heartbeat('a', 'b', 1), heartbeat('a', 'b', 2)], { senderId: 'a' });
    const client = new Client(b.address, credentials.createInsecure());
    const metadata = new Metadata();
    metadata.set(SENDER_METADATA, 'a');
    metadata.set(AUTH_METADATA, deriveAuthToken(SECRET, '', 'a'));
    const frames: Uint8Array[] = [];
    for (let run = 0; run < 3000; run++) {
      if (run % 2 === 0) frames.push(Uint8Array.from({ length: Math.floor(random() * 300) }, byte));
      else {
        const frame = Uint8Array.from(valid);
        for (let flips = 0; flips < 3; flips++) frame[Math.floor(random() * frame.length)] = byte();
        frames.push(frame.subarray(0, Math.floor(random() * (frame.length + 1))));
      }
    }
    // 20 frames per stream: a bad frame ends its stream, the rest of that stream is never read.
    const streams: Promise<void>[] = [];
    for (let start = 0; start < frames.length; start += 20) {
      streams.push(
        new Promise<void>((resolve) => {
          const stream = client.makeClientStreamRequest(
            SEND_PATH,
            serializeBytes,
            () => ({}),
            metadata,
            {},
            () => resolve(),
          );
          stream.on('error', () => {});
          for (const frame of frames.slice(start, start + 20)) stream.write(frame);
          stream.end();
        }),
      );
    }
    await Promise.all(streams);
    // And a stream with no credentials.
    await new Promise<void>((resolve) => {
      const stream = client.makeClientStreamRequest(
        SEND_PATH,
        serializeBytes,
        () => ({}),
        new Metadata(),
        {},
        () => resolve(),
      );
      stream.on('error', () => {});
      stream.write(valid);
      stream.end();
    });
    client.close();

    const stats = b.stats();
    for (const message of received) expect(message.to).toBe('b');
    expect(stats.rejected.malformed).toBeGreaterThan(100);
    expect(stats.rejected.unauthenticated).toBeGreaterThanOrEqual(1);
    expect(stats.handlerErrors).toBe(0);

    const a = createGrpcTransport({ nodeId: 'a', clusterSecret: SECRET });
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
    expect(() => createGrpcTransport({ nodeId: '' })).toThrow(/nodeId/);
    expect(() => createGrpcTransport({ nodeId: 'a', writeTimeoutMs: -1 })).toThrow(/writeTimeoutMs/);
  });
});
