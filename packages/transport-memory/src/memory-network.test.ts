import { createSeededRandom, isRaftError, type Message } from '@raft/core';
import { describe, expect, it, vi } from 'vitest';
import { InvalidNodeIdError } from './errors/invalid-node-id-error.js';
import { TransportStateError } from './errors/transport-state-error.js';
import { createMemoryNetwork, type MemoryNetwork } from './memory-network.js';
import type { NetworkStats } from './network-stats.js';
import { FakeClock } from './test-support/fake-clock.js';
import { batch, numbered, sequences, settle, startNodes } from './test-support/nodes.js';

function setup(extra: { onHandlerError?: (error: unknown, message: Message) => void } = {}) {
  const clock = new FakeClock();
  const network = createMemoryNetwork({ clock, random: createSeededRandom(1), ...extra });
  return { clock, network };
}

/** The accounting invariant of `NetworkStats`: every message (or copy) is delivered, dropped or in flight. */
function expectBalanced(stats: NetworkStats): void {
  expect(stats.sent + stats.duplicated).toBe(stats.delivered + stats.dropped.total + stats.inFlight);
}

describe('delivery', () => {
  it('delivers each message to its `to` node only, by reference', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b', 'c']);
    const message = numbered('a', 'b', 7);
    nodes.get('a')!.transport.send([message]);
    await settle();
    expect(nodes.get('b')!.received).toHaveLength(1);
    expect(nodes.get('b')!.received[0]).toBe(message);
    expect(nodes.get('a')!.received).toEqual([]);
    expect(nodes.get('c')!.received).toEqual([]);
    expect(network.stats()).toMatchObject({ sent: 1, delivered: 1, inFlight: 0 });
  });

  it('delivers zero-delay messages in a microtask, without timers', async () => {
    const { clock, network } = setup();
    const nodes = await startNodes(network, ['a', 'b']);
    nodes.get('a')!.transport.send(batch('a', 'b', 3));
    nodes.get('a')!.transport.send(batch('a', 'b', 2, 3));
    // Asynchronous (a handler never runs inside send) but needs no clock time at all.
    expect(nodes.get('b')!.received).toEqual([]);
    expect(network.stats().inFlight).toBe(5);
    expect(clock.pendingTimers).toBe(0);
    await settle();
    expect(sequences(nodes.get('b')!.received)).toEqual([0, 1, 2, 3, 4]);
  });

  it('keeps FIFO order per link across sends and interleaved destinations', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b', 'c']);
    const a = nodes.get('a')!.transport;
    for (let index = 0; index < 50; index += 1)
      a.send([numbered('a', 'b', index), numbered('a', 'c', index)]);
    await settle();
    const expected = Array.from({ length: 50 }, (_, index) => index);
    expect(sequences(nodes.get('b')!.received)).toEqual(expected);
    expect(sequences(nodes.get('c')!.received)).toEqual(expected);
  });

  it('delivers messages sent by a handler in a later microtask, not re-entrantly', async () => {
    const { network } = setup();
    const a = network.createTransport('a');
    const b = network.createTransport('b');
    const log: string[] = [];
    await a.start((message) => log.push(`a got ${message.type}`));
    await b.start((message) => {
      log.push(`b got ${message.type}`);
      b.send([{ type: 'heartbeat-response', from: 'b', to: 'a', term: 1, readRound: 0 }]);
      log.push('b returned');
    });
    a.send([numbered('a', 'b', 0)]);
    await settle();
    expect(log).toEqual(['b got heartbeat', 'b returned', 'a got heartbeat-response']);
  });

  it('drops messages to an unknown or not yet started node as noReceiver', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a']);
    network.createTransport('b');
    nodes.get('a')!.transport.send([numbered('a', 'b', 0), numbered('a', 'nobody', 1)]);
    await settle();
    expect(network.stats().dropped).toMatchObject({ total: 2, noReceiver: 2 });
    expectBalanced(network.stats());
  });

  it('records the peers given to setPeers as a copy', () => {
    const { network } = setup();
    const transport = network.createTransport('a');
    const peers = new Map([['b', 'b']]);
    transport.setPeers(peers);
    peers.set('c', 'c');
    expect([...transport.peers]).toEqual([['b', 'b']]);
    expect(transport.nodeId).toBe('a');
  });
});

describe('close', () => {
  it('delivers nothing to a closed transport, not even messages already in flight', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b']);
    nodes.get('a')!.transport.send([numbered('a', 'b', 0)]);
    await nodes.get('b')!.transport.close();
    nodes.get('a')!.transport.send([numbered('a', 'b', 1)]);
    await settle();
    expect(nodes.get('b')!.received).toEqual([]);
    expect(network.stats().dropped).toMatchObject({ total: 2, closed: 2 });
  });

  it('drops everything sent from a closed transport', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b']);
    await nodes.get('a')!.transport.close();
    nodes.get('a')!.transport.send(batch('a', 'b', 3));
    await settle();
    expect(nodes.get('b')!.received).toEqual([]);
    expect(network.stats()).toMatchObject({ sent: 3, delivered: 0, inFlight: 0, dropped: { closed: 3 } });
  });

  it('is idempotent and final: start after close, or a second start, rejects', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a']);
    const transport = nodes.get('a')!.transport;
    await expect(transport.start(() => {})).rejects.toBeInstanceOf(TransportStateError);
    await transport.close();
    await transport.close();
    const error: unknown = await transport.start(() => {}).catch((caught: unknown) => caught);
    expect(isRaftError(error, 'ERR_RAFT_TRANSPORT_STATE')).toBe(true);
  });

  it('lets a restarted node (a new transport with the same id) receive again', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b']);
    await nodes.get('b')!.transport.close();
    const restarted = network.createTransport('b');
    const received: Message[] = [];
    await restarted.start((message) => received.push(message));
    nodes.get('a')!.transport.send([numbered('a', 'b', 9)]);
    await settle();
    expect(sequences(received)).toEqual([9]);
    expect(nodes.get('b')!.received).toEqual([]);
  });

  it('rejects a node id that is empty, the wildcard, or held by an open transport', async () => {
    const { network } = setup();
    await startNodes(network, ['a']);
    expect(() => network.createTransport('a')).toThrow(InvalidNodeIdError);
    expect(() => network.createTransport('*')).toThrow(InvalidNodeIdError);
    expect(() => network.createTransport('')).toThrow(InvalidNodeIdError);
    network.createTransport('b');
    // Not started is still open: two live transports with one id would make delivery ambiguous.
    expect(() => network.createTransport('b')).toThrow(/still open/);
  });
});

describe('handler errors', () => {
  it('counts a throwing handler, does not propagate, and keeps delivering', async () => {
    const onHandlerError = vi.fn();
    const { network } = setup({ onHandlerError });
    const a = network.createTransport('a');
    const b = network.createTransport('b');
    const received: number[] = [];
    await a.start(() => {});
    await b.start((message) => {
      if (message.type === 'heartbeat' && message.readRound === 1) throw new Error('node bug');
      received.push(message.type === 'heartbeat' ? message.readRound : -1);
    });
    a.send(batch('a', 'b', 3));
    await settle();
    expect(received).toEqual([0, 2]);
    expect(network.stats()).toMatchObject({ delivered: 3, handlerErrors: 1 });
    expect(onHandlerError).toHaveBeenCalledTimes(1);
    expect(onHandlerError.mock.calls[0]?.[0]).toEqual(new Error('node bug'));
    expect(onHandlerError.mock.calls[0]?.[1]).toMatchObject({ readRound: 1 });
  });

  it('keeps delivering even when onHandlerError itself throws', async () => {
    const uncaught: unknown[] = [];
    const { network } = setup({
      onHandlerError: () => {
        throw new Error('reporter bug');
      },
    });
    const a = network.createTransport('a');
    const b = network.createTransport('b');
    const received: Message[] = [];
    await a.start(() => {});
    await b.start((message) => {
      received.push(message);
      throw new Error('node bug');
    });
    // The reporter's error is rethrown from a microtask; record it there instead of failing the run.
    const realQueueMicrotask = globalThis.queueMicrotask;
    const spy = vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) =>
      realQueueMicrotask(() => {
        try {
          callback();
        } catch (error) {
          uncaught.push(error);
        }
      }),
    );
    try {
      a.send(batch('a', 'b', 2));
      await settle();
    } finally {
      spy.mockRestore();
    }
    expect(received).toHaveLength(2);
    expect(network.stats().handlerErrors).toBe(2);
    expect(uncaught).toEqual([new Error('reporter bug'), new Error('reporter bug')]);
  });
});

describe('stats', () => {
  it('returns frozen snapshots that do not change afterwards', async () => {
    const { network } = setup();
    const nodes = await startNodes(network, ['a', 'b']);
    const before = network.stats();
    nodes.get('a')!.transport.send([numbered('a', 'b', 0)]);
    await settle();
    expect(before.sent).toBe(0);
    expect(Object.isFrozen(before) && Object.isFrozen(before.dropped)).toBe(true);
    expect(network.stats().sent).toBe(1);
  });

  it('balances sent + duplicated against delivered + dropped + inFlight under every fault', async () => {
    const { clock, network } = setup();
    const nodes = await startNodes(network, ['a', 'b', 'c']);
    network.setFaults('*', '*', { dropRate: 0.2, duplicateRate: 0.3, reorderRate: 0.3, maxDelayMs: 20 });
    network.blockLink('c', 'a');
    const check = (network: MemoryNetwork) => expectBalanced(network.stats());
    for (let round = 0; round < 20; round += 1) {
      for (const [id, node] of nodes) {
        node.transport.send(['a', 'b', 'c'].filter((to) => to !== id).map((to) => numbered(id, to, round)));
      }
      check(network);
      if (round === 10) await nodes.get('b')!.transport.close();
      clock.advance(5);
      await settle();
      check(network);
    }
    clock.advance(1_000);
    await settle();
    const stats = network.stats();
    expect(stats.inFlight).toBe(0);
    expect(stats.dropped.loss).toBeGreaterThan(0);
    expect(stats.dropped.partition).toBeGreaterThan(0);
    expect(stats.dropped.closed).toBeGreaterThan(0);
    expect(stats.duplicated).toBeGreaterThan(0);
    check(network);
  });
});
