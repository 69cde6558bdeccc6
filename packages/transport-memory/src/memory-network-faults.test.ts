import { createSeededRandom, type Message } from '@raft/core';
import { describe, expect, it } from 'vitest';
import type { LinkFaults } from './link-faults.js';
import { createMemoryNetwork } from './memory-network.js';
import { FakeClock } from './test-support/fake-clock.js';
import { batch, numbered, sequences, settle, startNodes } from './test-support/nodes.js';

async function setup(options: { seed?: number; faults?: LinkFaults; tieOrder?: 'fifo' | 'lifo' } = {}) {
  const clock = new FakeClock(options.tieOrder);
  const network = createMemoryNetwork({
    clock,
    random: createSeededRandom(options.seed ?? 42),
    ...(options.faults === undefined ? {} : { defaultFaults: options.faults }),
  });
  const nodes = await startNodes(network, ['a', 'b', 'c']);
  const a = nodes.get('a')!.transport;
  const receivedByB = nodes.get('b')!.received;
  /** Lets every pending delivery happen. */
  const drain = async () => {
    await settle();
    clock.advance(10_000);
    await settle();
  };
  return { clock, network, nodes, a, receivedByB, drain };
}

/** A whole seeded run on a faulty network: the log of who received which message when. */
async function faultyRun(seed: number): Promise<string[]> {
  const log: string[] = [];
  const clock = new FakeClock();
  const network = createMemoryNetwork({
    clock,
    random: createSeededRandom(seed),
    defaultFaults: { dropRate: 0.1, duplicateRate: 0.1, reorderRate: 0.2, minDelayMs: 1, maxDelayMs: 30 },
  });
  const ids = ['a', 'b', 'c'];
  const transports = ids.map((id) => network.createTransport(id));
  for (const transport of transports) {
    await transport.start((message: Message) =>
      log.push(`${clock.now().toFixed(3)} ${message.from}>${message.to} #${sequences([message])[0]}`),
    );
  }
  for (let round = 0; round < 30; round += 1) {
    for (const [index, transport] of transports.entries()) {
      const from = ids[index]!;
      transport.send(ids.filter((to) => to !== from).map((to) => numbered(from, to, round)));
    }
    clock.advance(3);
    await settle();
  }
  clock.advance(1_000);
  await settle();
  return log;
}

describe('loss', () => {
  it('drops every message at dropRate 1, counted as loss', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { dropRate: 1 } });
    a.send(batch('a', 'b', 20));
    await drain();
    expect(receivedByB).toEqual([]);
    expect(network.stats().dropped).toMatchObject({ total: 20, loss: 20 });
  });

  it('delivers every message, in order, at dropRate 0', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { dropRate: 0 } });
    a.send(batch('a', 'b', 20));
    await drain();
    expect(sequences(receivedByB)).toEqual(Array.from({ length: 20 }, (_, index) => index));
    expect(network.stats().dropped.total).toBe(0);
  });

  it('drops about the given share of messages, keeping the survivors in order', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { dropRate: 0.3 } });
    a.send(batch('a', 'b', 1_000));
    await drain();
    expect(network.stats().dropped.loss).toBeGreaterThan(250);
    expect(network.stats().dropped.loss).toBeLessThan(350);
    const received = sequences(receivedByB);
    expect(received).toEqual([...received].sort((x, y) => x - y));
  });

  it('applies faults per directed link, with the most specific rule winning', async () => {
    const { network, nodes, a, receivedByB, drain } = await setup({ faults: { dropRate: 1 } });
    network.setFaults('a', '*', {});
    network.setFaults('a', 'c', { dropRate: 1 });
    a.send([numbered('a', 'b', 0), numbered('a', 'c', 0)]);
    nodes.get('b')!.transport.send([numbered('b', 'a', 0)]);
    await drain();
    expect(sequences(receivedByB)).toEqual([0]);
    expect(nodes.get('c')!.received).toEqual([]);
    expect(nodes.get('a')!.received).toEqual([]);
  });

  it('clearFaults removes every fault, defaultFaults included', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { dropRate: 1 } });
    network.setFaults('a', 'b', { dropRate: 1 });
    network.clearFaults();
    a.send(batch('a', 'b', 5));
    await drain();
    expect(receivedByB).toHaveLength(5);
  });
});

describe('duplication', () => {
  it('delivers every message twice at duplicateRate 1, the copy right behind the original', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { duplicateRate: 1 } });
    const messages = batch('a', 'b', 3);
    a.send(messages);
    await drain();
    expect(sequences(receivedByB)).toEqual([0, 0, 1, 1, 2, 2]);
    expect(receivedByB[0]).toBe(messages[0]);
    expect(receivedByB[1]).toBe(messages[0]);
    expect(network.stats()).toMatchObject({ sent: 3, duplicated: 3, delivered: 6 });
  });
});

describe('delay', () => {
  it('delivers a message minDelayMs later through the clock', async () => {
    const { clock, a, receivedByB } = await setup({ faults: { minDelayMs: 5 } });
    a.send([numbered('a', 'b', 0)]);
    await settle();
    clock.advance(4);
    expect(receivedByB).toEqual([]);
    clock.advance(1);
    expect(sequences(receivedByB)).toEqual([0]);
  });

  it('draws delays within [min, max] and never reorders a link without reorderRate', async () => {
    const { clock, network, nodes } = await setup({ faults: { minDelayMs: 2, maxDelayMs: 50 } });
    const arrivalsMs: number[] = [];
    const d = network.createTransport('d');
    await d.start(() => arrivalsMs.push(clock.now()));
    nodes.get('a')!.transport.send(batch('a', 'd', 200));
    clock.advance(1);
    expect(arrivalsMs).toEqual([]);
    clock.advance(49);
    expect(arrivalsMs).toHaveLength(200);
    expect(Math.min(...arrivalsMs)).toBeGreaterThanOrEqual(2);
    expect(new Set(arrivalsMs).size).toBeGreaterThan(1);
    // In order: a message delayed less than the one ahead of it waits for it (a per-link "not before").
    expect(arrivalsMs).toEqual([...arrivalsMs].sort((x, y) => x - y));
    expect(network.stats()).toMatchObject({ delivered: 200, reordered: 0 });
  });

  it('holds a message that drew a short delay behind one that drew a long delay, never delivering early', async () => {
    const clock = new FakeClock();
    // Scripted draws: the first message's delay is 2 + 0.9 × 48 = 45.2 ms, the second's 2 + 0.1 × 48 = 6.8 ms.
    const draws = [0.9, 0.1];
    const network = createMemoryNetwork({
      clock,
      random: () => draws.shift()!,
      defaultFaults: { minDelayMs: 2, maxDelayMs: 50 },
    });
    const nodes = await startNodes(network, ['a', 'b']);
    const b = nodes.get('b')!;
    nodes.get('a')!.transport.send(batch('a', 'b', 2));
    clock.advance(7);
    expect(b.received).toEqual([]);
    clock.advance(38);
    expect(b.received).toEqual([]);
    clock.advance(1);
    expect(sequences(b.received)).toEqual([0, 1]);
  });

  it('keeps a zero-delay message behind a delayed one on the same link', async () => {
    const { clock, network, a, receivedByB } = await setup();
    network.setFaults('a', 'b', { minDelayMs: 10 });
    a.send([numbered('a', 'b', 0)]);
    network.clearFaults();
    a.send([numbered('a', 'b', 1)]);
    await settle();
    expect(receivedByB).toEqual([]);
    clock.advance(10);
    expect(sequences(receivedByB)).toEqual([0, 1]);
  });

  it('keeps FIFO order even if the clock runs timers due at the same instant newest first', async () => {
    const { clock, a, receivedByB } = await setup({ faults: { minDelayMs: 5 }, tieOrder: 'lifo' });
    a.send(batch('a', 'b', 10));
    clock.advance(5);
    expect(sequences(receivedByB)).toEqual(Array.from({ length: 10 }, (_, index) => index));
  });
});

describe('reordering', () => {
  it('lets later messages overtake a reordered one, and delivers them all', async () => {
    const { network, a, receivedByB, drain } = await setup({ faults: { reorderRate: 0.3 } });
    a.send(batch('a', 'b', 100));
    await drain();
    const received = sequences(receivedByB);
    expect(received).not.toEqual([...received].sort((x, y) => x - y));
    expect([...received].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, index) => index));
    expect(network.stats().reordered).toBeGreaterThan(15);
    expect(network.stats().reordered).toBeLessThan(45);
  });

  it('delays a reordered message by at most reorderDelayMs on top of its own delay', async () => {
    const { clock, a, receivedByB } = await setup({ faults: { reorderRate: 1, reorderDelayMs: 7 } });
    a.send(batch('a', 'b', 20));
    await settle();
    expect(receivedByB).toEqual([]);
    clock.advance(7);
    expect(receivedByB).toHaveLength(20);
  });
});

describe('determinism', () => {
  it('gives an identical run for the same seed', async () => {
    const first = await faultyRun(7);
    expect(first.length).toBeGreaterThan(100);
    expect(await faultyRun(7)).toEqual(first);
  });

  it('gives a different run for a different seed', async () => {
    expect(await faultyRun(8)).not.toEqual(await faultyRun(7));
  });
});
