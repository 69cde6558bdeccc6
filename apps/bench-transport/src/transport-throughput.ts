// Benchmark (not a test): one-way throughput of append messages between two nodes, per transport.
// Run: pnpm --filter @raft/bench-transport bench
import { readFileSync } from 'node:fs';
import { createSeededRandom, type Message, systemClock, type Transport } from '@raft/core';
import { createGrpcTransport } from '@raft/transport-grpc';
import { createHttpTransport } from '@raft/transport-http';
import { createMemoryNetwork } from '@raft/transport-memory';

const read = (name: string): string => readFileSync(new URL(`../src/certs/${name}`, import.meta.url), 'utf8');
const tls = { cert: read('cluster-node.pem'), key: read('cluster-node.key'), ca: read('cluster-ca.pem') };
const SECRET = 'bench-cluster-secret-0123456789';
const ENTRY_BYTES = 256;

interface Pair {
  readonly a: Transport;
  readonly b: Transport;
  readonly addressOf: (node: 'a' | 'b') => string;
}

type Kind = 'memory' | 'http' | 'http+tls' | 'grpc' | 'grpc+tls';

function createPair(kind: Kind): Pair {
  if (kind === 'memory') {
    const network = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(1) });
    return { a: network.createTransport('a'), b: network.createTransport('b'), addressOf: (node) => node };
  }
  const withTls = kind.endsWith('+tls');
  const make = (nodeId: string) =>
    kind.startsWith('http')
      ? createHttpTransport({ nodeId, clusterSecret: SECRET, ...(withTls ? { tls } : {}) })
      : createGrpcTransport({ nodeId, clusterSecret: SECRET, ...(withTls ? { tls } : {}) });
  const a = make('a');
  const b = make('b');
  return { a, b, addressOf: (node) => (node === 'a' ? a.address : b.address) };
}

function appendMessage(entries: number, index: number): Message {
  return {
    type: 'append-entries',
    from: 'a',
    to: 'b',
    term: 1,
    prevLogIndex: index * entries,
    prevLogTerm: 1,
    leaderCommit: 0,
    entries: Array.from({ length: entries }, (_, offset) => ({
      index: index * entries + offset + 1,
      term: 1,
      type: 'normal' as const,
      data: new Uint8Array(ENTRY_BYTES).fill(offset & 0xff),
    })),
  };
}

async function run(
  kind: Kind,
  entries: number,
  count: number,
): Promise<{ messagesPerSecond: number; megabytesPerSecond: number }> {
  const pair = createPair(kind);
  let received = 0;
  await pair.a.start(() => {});
  await pair.b.start(() => {
    received++;
  });
  pair.a.setPeers(new Map([['b', pair.addressOf('b')]]));
  pair.b.setPeers(new Map([['a', pair.addressOf('a')]]));
  // Pre-built messages: measure the transport, not message construction.
  const messages = Array.from({ length: 256 }, (_, index) => appendMessage(entries, index));
  const wait = async (target: number) => {
    const deadline = Date.now() + 60_000;
    while (received < target && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  };
  // Warm up connections.
  pair.a.send(messages.slice(0, 10));
  await wait(10);
  received = 0;
  const window = entries === 1 ? 4000 : 400;
  const burst = entries === 1 ? 500 : 50;
  const started = process.hrtime.bigint();
  let sent = 0;
  while (sent < count) {
    const batch: Message[] = [];
    for (let index = 0; index < burst && sent < count; index++, sent++)
      batch.push(messages[sent % messages.length]!);
    pair.a.send(batch);
    await wait(sent - window);
  }
  await wait(count);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pair.a.close();
  await pair.b.close();
  if (received < count) throw new Error(`${kind}: only ${received} of ${count} delivered`);
  return {
    messagesPerSecond: count / seconds,
    megabytesPerSecond: (count * entries * ENTRY_BYTES) / seconds / 1e6,
  };
}

const kinds: Kind[] = ['memory', 'http', 'http+tls', 'grpc', 'grpc+tls'];
const rows: string[][] = [];
for (const kind of kinds) {
  const one = await run(kind, 1, kind === 'memory' ? 200_000 : 60_000);
  const many = await run(kind, 64, kind === 'memory' ? 20_000 : 6_000);
  rows.push([
    kind,
    one.messagesPerSecond.toFixed(0),
    one.megabytesPerSecond.toFixed(1),
    many.messagesPerSecond.toFixed(0),
    many.megabytesPerSecond.toFixed(1),
  ]);
}
const header = ['transport', '1×256B msg/s', '1×256B MB/s', '64×256B msg/s', '64×256B MB/s'];
const widths = header.map((title, column) =>
  Math.max(title.length, ...rows.map((row) => row[column]!.length)),
);
const line = (cells: string[]) => cells.map((cell, column) => cell.padStart(widths[column]!)).join('  ');
console.log(`node ${process.version}, payload MB/s counts entry data only (1 MB = 10^6 bytes)`);
console.log(line(header));
for (const row of rows) console.log(line(row));
