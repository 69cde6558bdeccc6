import type { Message } from '@raft/core';
import { afterEach, describe, expect, it } from 'vitest';
import { append, comparable, everyMessageKind, heartbeat } from './sample-messages.js';
import type {
  CreateNodeOptions,
  TransportConformanceFactory,
  TransportConformanceNode,
  TransportConformanceOptions,
} from './transport-conformance-factory.js';
import { sleep, waitFor } from './wait-for.js';

/** A started node of a test and what it received. */
interface StartedNode {
  readonly id: string;
  readonly node: TransportConformanceNode;
  readonly received: Message[];
  readonly address: string;
}

/**
 * The transport conformance suite: registers vitest cases that pin down the `Transport` contract
 * of `@raft/core` (delivery, per-peer order, large messages, reconnect, isolation from slow peers,
 * closed transports, authentication). Every transport runs it with a factory that makes fresh
 * nodes; see the README of `@raft/testkit` for writing one.
 *
 * @example
 * transportConformance('http', () => createHttpFactory());
 */
export function transportConformance(
  name: string,
  createFactory: () => TransportConformanceFactory | Promise<TransportConformanceFactory>,
  options: TransportConformanceOptions = {},
): void {
  const largeMessageBytes = options.largeMessageBytes ?? 4 * 1024 * 1024;
  const deliveryTimeoutMs = options.deliveryTimeoutMs ?? 10_000;
  const quietPeriodMs = options.quietPeriodMs ?? 300;
  const testTimeoutMs = options.testTimeoutMs ?? 30_000;

  describe(`transport conformance: ${name}`, () => {
    let factory: TransportConformanceFactory | undefined;
    const started: StartedNode[] = [];

    async function getFactory(): Promise<TransportConformanceFactory> {
      factory ??= await createFactory();
      return factory;
    }

    async function startNode(id: string, createOptions?: CreateNodeOptions): Promise<StartedNode> {
      const node = await (await getFactory()).createNode(id, createOptions);
      const received: Message[] = [];
      await node.transport.start((message) => {
        received.push(message);
      });
      const result = { id, node, received, address: node.address() };
      started.push(result);
      return result;
    }

    /** Starts the nodes and gives each the others as peers. */
    async function startCluster(ids: readonly string[]): Promise<StartedNode[]> {
      const nodes: StartedNode[] = [];
      for (const id of ids) nodes.push(await startNode(id));
      for (const node of nodes) node.node.transport.setPeers(peerTable(nodes, node.id));
      return nodes;
    }

    function peerTable(nodes: readonly StartedNode[], selfId: string): Map<string, string> {
      return new Map(nodes.filter((node) => node.id !== selfId).map((node) => [node.id, node.address]));
    }

    afterEach(async () => {
      for (const node of started.splice(0)) await node.node.transport.close();
      await factory?.cleanup?.();
      factory = undefined;
    });

    it(
      'delivers every message kind between two nodes, both ways, unaltered',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        const toB = everyMessageKind('a', 'b');
        const toA = everyMessageKind('b', 'a');
        a.node.transport.send(toB);
        b.node.transport.send(toA);
        await waitFor(() => b.received.length >= toB.length, deliveryTimeoutMs, 'delivery to b');
        await waitFor(() => a.received.length >= toA.length, deliveryTimeoutMs, 'delivery to a');
        expect(comparable(b.received)).toEqual(comparable(toB));
        expect(comparable(a.received)).toEqual(comparable(toA));
      },
      testTimeoutMs,
    );

    it(
      'delivers messages to one peer in the order they were sent',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        const total = 2000;
        let round = 1;
        // Batches of every size from 1 to 40, some from the same tick, some after a yield.
        for (let size = 1; round <= total; size = (size % 40) + 1) {
          const batch: Message[] = [];
          for (let count = 0; count < size && round <= total; count++)
            batch.push(heartbeat('a', 'b', round++));
          a.node.transport.send(batch);
          if (size % 7 === 0) await sleep(0);
        }
        await waitFor(() => b.received.length >= total, deliveryTimeoutMs, `${total} heartbeats`);
        const rounds = b.received.map((message) => (message.type === 'heartbeat' ? message.readRound : -1));
        expect(rounds).toEqual(Array.from({ length: total }, (_, index) => index + 1));
      },
      testTimeoutMs,
    );

    it(
      'delivers large messages intact: one big entry, and many entries',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        const big = append('a', 'b', 1, largeMessageBytes, 3);
        const many = append('a', 'b', 2000, 512, 4);
        a.node.transport.send([big]);
        a.node.transport.send([many]);
        await waitFor(() => b.received.length >= 2, deliveryTimeoutMs, 'two large appends');
        expect(comparable(b.received)).toEqual(comparable([big, many]));
      },
      testTimeoutMs,
    );

    it(
      'reaches a peer again after it goes down and comes back on the same address',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        a.node.transport.send([heartbeat('a', 'b', 1)]);
        await waitFor(() => b.received.length === 1, deliveryTimeoutMs, 'the first heartbeat');

        await b.node.transport.close();
        started.splice(started.indexOf(b), 1);
        // Sends to a down peer are dropped, never thrown.
        for (let round = 2; round < 20; round++) a.node.transport.send([heartbeat('a', 'b', round)]);
        await sleep(50);

        const b2 = await startNode('b', { address: b.address });
        b2.node.transport.setPeers(peerTable([a, b2], 'b'));
        let round = 100;
        const deadline = Date.now() + deliveryTimeoutMs;
        while (b2.received.length === 0 && Date.now() < deadline) {
          a.node.transport.send([heartbeat('a', 'b', round++)]);
          await sleep(25);
        }
        expect(b2.received.length).toBeGreaterThan(0);
        // And in order from then on.
        const rounds = b2.received.map((message) => (message.type === 'heartbeat' ? message.readRound : 0));
        expect([...rounds].sort((x, y) => x - y)).toEqual(rounds);
      },
      testTimeoutMs,
    );

    it(
      'does not let a slow or unreachable peer delay the others',
      async () => {
        const currentFactory = await getFactory();
        const slow = currentFactory.createUnresponsivePeer
          ? await currentFactory.createUnresponsivePeer()
          : undefined;
        try {
          const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
          const peers = peerTable([a, b], 'a');
          peers.set('slow', slow?.address ?? 'unreachable-slow-peer');
          a.node.transport.setPeers(peers);
          const total = 300;
          for (let round = 1; round <= total; round++) {
            a.node.transport.send([append('a', 'slow', 4, 1024, round), heartbeat('a', 'b', round)]);
          }
          await waitFor(() => b.received.length >= total, deliveryTimeoutMs, 'delivery to the healthy peer');
          expect(b.received.map((message) => (message.type === 'heartbeat' ? message.readRound : 0))).toEqual(
            Array.from({ length: total }, (_, index) => index + 1),
          );
        } finally {
          await slow?.close();
        }
      },
      testTimeoutMs,
    );

    it(
      'never throws from send, for unknown peers or empty batches',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        expect(() => a.node.transport.send([])).not.toThrow();
        expect(() => a.node.transport.send([heartbeat('a', 'nobody', 1)])).not.toThrow();
        a.node.transport.send([heartbeat('a', 'b', 2)]);
        await waitFor(() => b.received.length === 1, deliveryTimeoutMs, 'delivery after an unknown peer');
      },
      testTimeoutMs,
    );

    it(
      'delivers a message only to the node named in `to`',
      async () => {
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        // A stale peer table points c at b's address.
        a.node.transport.setPeers(new Map([...peerTable([a, b], 'a'), ['c', b.address]]));
        a.node.transport.send([heartbeat('a', 'c', 1)]);
        a.node.transport.send([heartbeat('a', 'b', 2)]);
        await waitFor(() => b.received.length >= 1, deliveryTimeoutMs, 'the message to b');
        await sleep(quietPeriodMs);
        expect(b.received.map((message) => message.to)).toEqual(['b']);
      },
      testTimeoutMs,
    );

    it(
      'drops everything once closed: sends from a closed transport, and deliveries to one',
      async () => {
        const [a, b, c] = (await startCluster(['a', 'b', 'c'])) as [StartedNode, StartedNode, StartedNode];
        await a.node.transport.close();
        expect(() => a.node.transport.send([heartbeat('a', 'b', 1)])).not.toThrow();
        await c.node.transport.close();
        b.node.transport.send([heartbeat('b', 'c', 1)]);
        await sleep(quietPeriodMs);
        expect(b.received).toEqual([]);
        expect(c.received).toEqual([]);
      },
      testTimeoutMs,
    );

    it(
      'refuses messages from a peer with bad credentials (when the transport authenticates)',
      async (context) => {
        const currentFactory = await getFactory();
        if (!currentFactory.supportsCredentials) {
          context.skip();
          return;
        }
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        const intruder = await startNode('b', { invalidCredentials: true });
        intruder.node.transport.setPeers(new Map([['a', a.address]]));
        for (let round = 1; round <= 20; round++) intruder.node.transport.send([heartbeat('b', 'a', round)]);
        await sleep(quietPeriodMs);
        b.node.transport.send([heartbeat('b', 'a', 1000)]);
        await waitFor(() => a.received.length >= 1, deliveryTimeoutMs, 'the authenticated message');
        await sleep(quietPeriodMs);
        expect(a.received.map((message) => (message.type === 'heartbeat' ? message.readRound : 0))).toEqual([
          1000,
        ]);
      },
      testTimeoutMs,
    );

    it(
      'refuses messages from a node id outside its peer table (when the transport checks)',
      async (context) => {
        const currentFactory = await getFactory();
        if (!currentFactory.rejectsUnknownSenders) {
          context.skip();
          return;
        }
        const [a, b] = (await startCluster(['a', 'b'])) as [StartedNode, StartedNode];
        const stranger = await startNode('stranger');
        stranger.node.transport.setPeers(new Map([['a', a.address]]));
        for (let round = 1; round <= 5; round++)
          stranger.node.transport.send([heartbeat('stranger', 'a', round)]);
        await sleep(quietPeriodMs);
        b.node.transport.send([heartbeat('b', 'a', 1000)]);
        await waitFor(() => a.received.length >= 1, deliveryTimeoutMs, 'the known peer’s message');
        await sleep(quietPeriodMs);
        expect(a.received.map((message) => message.from)).toEqual(['b']);
      },
      testTimeoutMs,
    );
  });
}
