// Benchmark (not a test): one-way throughput of append messages between two nodes, per transport.
// Run: pnpm bench:transport:pairs   (or `pnpm bench:transport`, which also runs the 3-node table)
import type { Message } from '@raft/core';
import { formatTable } from '../format-table.js';
import { KINDS, type Kind, TransportMaker } from './transports.js';

const ENTRY_BYTES = 256;

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

interface PairResult {
  readonly messagesPerSecond: number;
  readonly megabytesPerSecond: number;
}

async function run(kind: Kind, entries: number, count: number): Promise<PairResult> {
  const maker = new TransportMaker(kind);
  const a = maker.create('a');
  const b = maker.create('b');
  let received = 0;
  await a.transport.start(() => {});
  await b.transport.start(() => {
    received++;
  });
  a.transport.setPeers(new Map([['b', b.address()]]));
  b.transport.setPeers(new Map([['a', a.address()]]));
  // Pre-built messages: measure the transport, not message construction.
  const messages = Array.from({ length: 256 }, (_, index) => appendMessage(entries, index));
  const wait = async (target: number) => {
    const deadline = Date.now() + 60_000;
    while (received < target && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
  };
  // Open the connections.
  a.transport.send(messages.slice(0, 10));
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
    a.transport.send(batch);
    await wait(sent - window);
  }
  await wait(count);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await a.transport.close();
  await b.transport.close();
  if (received < count) throw new Error(`${kind}: only ${received} of ${count} delivered`);
  return {
    messagesPerSecond: count / seconds,
    megabytesPerSecond: (count * entries * ENTRY_BYTES) / seconds / 1e6,
  };
}

/** Messages per case: enough for about a second on each transport. */
function countFor(kind: Kind, entries: number): number {
  if (entries === 1) return kind === 'memory' ? 200_000 : 60_000;
  return kind === 'memory' ? 20_000 : 6_000;
}

/**
 * Measures every transport. A first, untimed round runs each case at a fifth of its size, so the
 * shared code (the wire codec, the outbound queue, the driver of this loop) is compiled before
 * any transport is measured, and the order of the rows does not favour the later ones. Then
 * `rounds` rounds interleave the transports, and each case reports its median round.
 */
export async function runPairTable(rounds = 3): Promise<string> {
  for (const kind of KINDS) {
    await run(kind, 1, countFor(kind, 1) / 5);
    await run(kind, 64, countFor(kind, 64) / 5);
  }
  const results = new Map<string, PairResult[]>();
  for (let round = 0; round < rounds; round++) {
    for (const kind of KINDS) {
      for (const entries of [1, 64]) {
        const key = `${kind}/${entries}`;
        results.set(key, [...(results.get(key) ?? []), await run(kind, entries, countFor(kind, entries))]);
      }
    }
  }
  const median = (kind: Kind, entries: number): PairResult => {
    const sorted = [...results.get(`${kind}/${entries}`)!].sort(
      (a, b) => a.messagesPerSecond - b.messagesPerSecond,
    );
    return sorted[Math.floor((sorted.length - 1) / 2)]!;
  };
  const rows = KINDS.map((kind) => {
    const one = median(kind, 1);
    const many = median(kind, 64);
    return [
      kind,
      one.messagesPerSecond.toFixed(0),
      one.megabytesPerSecond.toFixed(1),
      many.messagesPerSecond.toFixed(0),
      many.megabytesPerSecond.toFixed(1),
    ];
  });
  const header = ['transport', '1×256B msg/s', '1×256B MB/s', '64×256B msg/s', '64×256B MB/s'];
  return [
    `two nodes, one-way append messages; an untimed warm-up round of every case, then ${rounds} interleaved`,
    'round(s), the median shown; payload MB/s counts entry data only (1 MB = 10^6 bytes); network',
    'transports carry a cluster secret',
    formatTable(header, rows),
  ].join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`node ${process.version}`);
  console.log(await runPairTable());
}
