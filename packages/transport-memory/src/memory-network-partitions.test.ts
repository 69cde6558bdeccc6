import { createSeededRandom } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { createMemoryNetwork } from './memory-network.js';
import { FakeClock } from './test-support/fake-clock.js';
import { numbered, type RecordingNode, sequences, settle, startNodes } from './test-support/nodes.js';

async function setup(ids: readonly string[]) {
  const clock = new FakeClock();
  const network = createMemoryNetwork({ clock, random: createSeededRandom(1) });
  const nodes = await startNodes(network, ids);
  /** Sends one numbered message on every directed link, then waits for delivery. */
  const sendAll = async (sequence: number) => {
    for (const from of ids) {
      nodes
        .get(from)!
        .transport.send(ids.filter((to) => to !== from).map((to) => numbered(from, to, sequence)));
    }
    clock.advance(1_000);
    await settle();
  };
  /** The links `from>to` on which message `sequence` arrived, sorted. */
  const linksThatDelivered = (sequence: number) =>
    [...nodes.values()]
      .flatMap((node: RecordingNode) =>
        node.received.filter((_, index) => sequences(node.received)[index] === sequence),
      )
      .map((message) => `${message.from}>${message.to}`)
      .sort();
  return { clock, network, nodes, sendAll, linksThatDelivered };
}

describe('cuts', () => {
  it('partition cuts both directions between the groups and nothing within a group', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b', 'c']);
    network.partition(['a', 'b'], ['c']);
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['a>b', 'b>a']);
    expect(network.stats().dropped.partition).toBe(4);
    expect(network.isLinkCut('a', 'c') && network.isLinkCut('c', 'b')).toBe(true);
    expect(network.isLinkCut('a', 'b')).toBe(false);
  });

  it('blockLink cuts one direction only (an asymmetric partition), and unblockLink restores it', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b']);
    network.blockLink('a', 'b');
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['b>a']);
    network.unblockLink('a', 'b');
    await sendAll(1);
    expect(linksThatDelivered(1)).toEqual(['a>b', 'b>a']);
  });

  it('models the partial partition A↔B, B↔C, A↮C', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b', 'c']);
    network.partition(['a'], ['c']);
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['a>b', 'b>a', 'b>c', 'c>b']);
  });

  it('isolate cuts every link of a node, and heal restores them all', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b', 'c']);
    network.isolate('c');
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['a>b', 'b>a']);
    network.heal();
    await sendAll(1);
    expect(linksThatDelivered(1)).toEqual(['a>b', 'a>c', 'b>a', 'b>c', 'c>a', 'c>b']);
  });

  it('honours wildcards, and unblockLink of one link leaves a wildcard cut in place', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b', 'c']);
    network.blockLink('*', 'c');
    network.unblockLink('a', 'c');
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['a>b', 'b>a', 'c>a', 'c>b']);
  });

  it('drops messages in flight when a cut starts before they are due (evaluated at delivery)', async () => {
    const { clock, network, nodes } = await setup(['a', 'b']);
    network.setFaults('a', 'b', { minDelayMs: 10 });
    nodes.get('a')!.transport.send([numbered('a', 'b', 0)]);
    nodes.get('b')!.transport.send([numbered('b', 'a', 0)]);
    // Zero-delay b→a is still waiting for its microtask, a→b for its timer.
    network.partition(['a'], ['b']);
    await settle();
    clock.advance(10);
    expect(nodes.get('a')!.received).toEqual([]);
    expect(nodes.get('b')!.received).toEqual([]);
    expect(network.stats()).toMatchObject({ inFlight: 0, dropped: { partition: 2 } });
  });

  it('delivers a message in flight across a cut that healed before it was due', async () => {
    const { clock, network, nodes } = await setup(['a', 'b']);
    network.setFaults('a', 'b', { minDelayMs: 10 });
    nodes.get('a')!.transport.send([numbered('a', 'b', 0)]);
    network.blockLink('a', 'b');
    clock.advance(5);
    network.heal();
    clock.advance(5);
    expect(sequences(nodes.get('b')!.received)).toEqual([0]);
  });

  it('heal leaves probabilistic faults in place', async () => {
    const { network, sendAll, linksThatDelivered } = await setup(['a', 'b']);
    network.setFaults('a', 'b', { dropRate: 1 });
    network.isolate('a');
    network.heal();
    await sendAll(0);
    expect(linksThatDelivered(0)).toEqual(['b>a']);
    expect(network.stats().dropped).toMatchObject({ loss: 1, partition: 0 });
  });
});
