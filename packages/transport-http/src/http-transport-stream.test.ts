import type { Message } from '@raft/core';
import { createUnresponsivePeer, heartbeat } from '@raft/testkit/conformance';
import { deriveAuthToken, encodeMessages, outboundLinkSettings, TransportCounters } from '@raft/wire';
import { Client } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { FRAME_HEADER_BYTES, writeFrameHeader } from './frames.js';
import { createHttpTransport, type HttpTransport } from './http-transport.js';
import { PeerLink } from './peer-link.js';
import { AUTH_HEADER, ERROR_HEADER, SENDER_HEADER, STREAM_PATH } from './wire-protocol.js';

const SECRET = 'stream-secret-0123456789abcdef';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(5);
  }
}

function framed(payloads: readonly Uint8Array[]): Buffer {
  const total = payloads.reduce((sum, payload) => sum + FRAME_HEADER_BYTES + payload.byteLength, 0);
  const stream = Buffer.alloc(total);
  let offset = 0;
  for (const payload of payloads) {
    writeFrameHeader(stream, offset, payload.byteLength);
    stream.set(payload, offset + FRAME_HEADER_BYTES);
    offset += FRAME_HEADER_BYTES + payload.byteLength;
  }
  return stream;
}

const rounds = (messages: readonly Message[]) =>
  messages.map((message) => (message.type === 'heartbeat' ? message.readRound : -1));

describe('http transport streams', () => {
  const transports: HttpTransport[] = [];
  const clients: Client[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.destroy();
    for (const transport of transports.splice(0)) await transport.close();
  });

  async function receiver(maxBodyBytes?: number): Promise<{ b: HttpTransport; received: Message[] }> {
    const received: Message[] = [];
    const b = createHttpTransport({
      nodeId: 'b',
      clusterSecret: SECRET,
      ...(maxBodyBytes === undefined ? {} : { maxBodyBytes }),
    });
    transports.push(b);
    await b.start((message) => received.push(message));
    b.setPeers(new Map([['a', 'unused:1']]));
    return { b, received };
  }

  /** POSTs `body` to the stream endpoint as a's, and returns the answer's status and error code. */
  async function postStream(b: HttpTransport, body: Uint8Array, token = deriveAuthToken(SECRET, '', 'a')) {
    const client = new Client(`http://${b.address}`);
    clients.push(client);
    const response = await client.request({
      method: 'POST',
      path: STREAM_PATH,
      headers: { [SENDER_HEADER]: 'a', [AUTH_HEADER]: token },
      body,
    });
    await response.body.dump();
    return { status: response.statusCode, code: response.headers[ERROR_HEADER] };
  }

  it('keeps every message, in order, across many streams (one ended every 5 ms)', async () => {
    const { b, received } = await receiver();
    const counters = new TransportCounters();
    const link = new PeerLink('b', b.address, {
      ...outboundLinkSettings({ nodeId: 'a', clusterSecret: SECRET }, counters),
      tls: undefined,
      requestTimeoutMs: 2000,
      streamMaxAgeMs: 5,
    });
    const total = 3000;
    const startedAt = Date.now();
    let round = 1;
    for (let size = 1; round <= total; size = (size % 40) + 1) {
      for (let count = 0; count < size && round <= total; count++) link.push(heartbeat('a', 'b', round++));
      if (size % 4 === 0) await sleep(1);
    }
    await waitFor(() => received.length >= total, `${total} heartbeats`);
    await link.close();
    expect(Date.now() - startedAt).toBeGreaterThan(50);
    expect(rounds(received)).toEqual(Array.from({ length: total }, (_, index) => index + 1));
    expect(counters.dropped).toEqual({ overflow: 0, failed: 0, closed: 0, noPeer: 0 });
    expect(counters.messagesDelivered).toBe(total);
    expect(Object.values(b.stats().rejected).every((count) => count === 0)).toBe(true);
  });

  it('notices a peer that accepts connections but never reads, and keeps trying without hanging', async () => {
    const stalled = await createUnresponsivePeer();
    const counters = new TransportCounters();
    const link = new PeerLink('b', stalled.address, {
      ...outboundLinkSettings({ nodeId: 'a', clusterSecret: SECRET, backoff: { maxDelayMs: 20 } }, counters),
      tls: undefined,
      requestTimeoutMs: 100,
      streamMaxAgeMs: 20,
    });
    try {
      let round = 1;
      const deadline = Date.now() + 5000;
      // Each stream's ending goes unanswered: the link counts a failure, and streams go on.
      while ((counters.dropped.failed < 3 || counters.batchesDelivered < 10) && Date.now() < deadline) {
        link.push(heartbeat('a', 'b', round++));
        await sleep(5);
      }
      expect(counters.dropped.failed).toBeGreaterThanOrEqual(3);
      expect(counters.batchesDelivered).toBeGreaterThanOrEqual(10);
    } finally {
      await link.close();
      await stalled.close();
    }
  });

  it('refuses a bad frame mid-stream: the frames before it stay delivered, none after it is read', async () => {
    const { b, received } = await receiver();
    const valid = (readRound: number) => encodeMessages([heartbeat('a', 'b', readRound)], { senderId: 'a' });
    const answer = await postStream(b, framed([valid(1), valid(2), Uint8Array.of(1, 2, 3), valid(3)]));
    expect(answer).toEqual({ status: 400, code: 'ERR_RAFT_WIRE_DECODE' });
    expect(rounds(received)).toEqual([1, 2]);
    expect(b.stats().rejected.malformed).toBe(1);
  });

  it('refuses frames over maxBodyBytes, streams ending inside a frame, and bad credentials', async () => {
    const { b, received } = await receiver(1024);
    const valid = encodeMessages([heartbeat('a', 'b', 1)], { senderId: 'a' });
    expect(await postStream(b, framed([valid, new Uint8Array(1025)]))).toEqual({
      status: 413,
      code: 'ERR_RAFT_TOO_LARGE',
    });
    expect(await postStream(b, framed([valid, valid]).subarray(0, -1))).toEqual({
      status: 400,
      code: 'ERR_RAFT_WIRE_DECODE',
    });
    expect(await postStream(b, framed([valid]), 'f'.repeat(64))).toEqual({
      status: 401,
      code: 'ERR_RAFT_UNAUTHENTICATED',
    });
    // The first stream delivered its valid frame before the oversized one, the second its whole frame.
    expect(rounds(received)).toEqual([1, 1]);
    expect(b.stats().rejected).toMatchObject({ tooLarge: 1, malformed: 1, unauthenticated: 1 });
  });

  it('answers a stream that ends cleanly with 204, after delivering all of it', async () => {
    const { b, received } = await receiver();
    const frames = [1, 2, 3].map((readRound) =>
      encodeMessages([heartbeat('a', 'b', readRound)], { senderId: 'a' }),
    );
    expect(await postStream(b, framed(frames))).toEqual({ status: 204, code: undefined });
    expect(rounds(received)).toEqual([1, 2, 3]);
  });
});
