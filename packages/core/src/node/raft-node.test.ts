import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import { createMemoryStableStore } from '../memory/memory-stable-store.js';
import { createRaftNode } from './create-raft-node.js';
import type { RaftNodeEvents } from './raft-node-events.js';
import { LoopbackNetwork } from './test-support/loopback-network.js';
import { ManualClock } from './test-support/manual-clock.js';
import { command, RecordingStateMachine } from './test-support/recording-state-machine.js';
import { settle, TestCluster } from './test-support/test-cluster.js';

let cluster: TestCluster | undefined;
afterEach(async () => {
  await cluster?.stop();
  cluster = undefined;
});

describe('RaftNode, one node', () => {
  it('elects itself and resolves each proposal with the state machine result', async () => {
    cluster = new TestCluster(['a']);
    await cluster.start();
    const { node, stateMachine } = await cluster.electLeader();
    expect(node.state()).toBe('leader');
    expect(node.leader()).toBe('a');
    const results = await cluster.settled(
      Promise.all([node.propose(command('x')), node.propose(command('y')), node.propose(command('z'))]),
    );
    // Index 1 is the bootstrap config entry, 2 the new leader's noop (paper §5.4.2).
    expect(results).toEqual([
      { index: 3, text: 'x' },
      { index: 4, text: 'y' },
      { index: 5, text: 'z' },
    ]);
    expect(stateMachine.applied).toEqual(['x', 'y', 'z']);
    expect(node.status()).toMatchObject({ state: 'leader', appliedIndex: 5, commitIndex: 5 });
  });

  it('groups a burst of proposals into one log write', async () => {
    cluster = new TestCluster(['a']);
    const logStore = createMemoryLogStore();
    const appends: number[] = [];
    const append = logStore.append.bind(logStore);
    logStore.append = (entries) => {
      appends.push(entries.length);
      return append(entries);
    };
    cluster.add('a', { logStore });
    await cluster.start();
    const { node } = await cluster.electLeader();
    appends.length = 0;
    const proposals = Array.from({ length: 500 }, (_, k) => node.propose(command(`p${k}`)));
    const results = await cluster.settled(Promise.all(proposals));
    expect(results.map((result) => (result as { text: string }).text)).toEqual(
      Array.from({ length: 500 }, (_, k) => `p${k}`),
    );
    expect(appends).toEqual([500]);
  });

  it('awaits a state machine that answers with a promise', async () => {
    cluster = new TestCluster(['a']);
    cluster.add('a', {}, new RecordingStateMachine({ async: true }));
    await cluster.start();
    const { node } = await cluster.electLeader();
    await expect(cluster.settled(node.propose(command('later')))).resolves.toEqual({
      index: 3,
      text: 'later',
    });
  });

  it('re-applies the committed entries after a restart on the same stores', async () => {
    cluster = new TestCluster(['a']);
    await cluster.start();
    const { node } = await cluster.electLeader();
    await cluster.settled(Promise.all(['one', 'two', 'three'].map((text) => node.propose(command(text)))));
    const restarted = await cluster.restart('a');
    await cluster.until(() => restarted.stateMachine.applied.length === 3);
    expect(restarted.stateMachine.applied).toEqual(['one', 'two', 'three']);
    await cluster.electLeader();
    await expect(cluster.settled(restarted.node.propose(command('four')))).resolves.toMatchObject({
      text: 'four',
    });
    expect(restarted.stateMachine.applied).toEqual(['one', 'two', 'three', 'four']);
  });

  it('resolves read() once the state machine reflects earlier writes', async () => {
    cluster = new TestCluster(['a']);
    await cluster.start();
    const { node, stateMachine } = await cluster.electLeader();
    const write = node.propose(command('w'));
    await cluster.settled(node.read());
    expect(stateMachine.applied).toContain('w');
    await write;
  });

  it('emits role and leader changes', async () => {
    cluster = new TestCluster(['a']);
    const { node } = cluster.add('a');
    const seen: string[] = [];
    node.on('role-changed', ({ state, previousState }) => seen.push(`role ${previousState}->${state}`));
    node.on('leader-changed', ({ leaderId, term }) => seen.push(`leader ${leaderId}@${term}`));
    await cluster.start();
    await cluster.electLeader();
    await node.stop();
    // A lone voter wins pre-vote and vote within one tick: the Ready shows only the end result.
    expect(seen).toEqual(['role follower->leader', 'leader a@2', 'role leader->stopped']);
  });
});

describe('RaftNode lifecycle', () => {
  function soloNode(config: Record<string, unknown> = {}) {
    const network = new LoopbackNetwork();
    return createRaftNode({
      config: { nodeId: 'a', initialMembers: [{ id: 'a', address: 'a' }], ...config },
      logStore: createMemoryLogStore(),
      stableStore: createMemoryStableStore(),
      snapshotStore: createMemorySnapshotStore(),
      transport: network.createTransport('a'),
      stateMachine: new RecordingStateMachine(),
      clock: new ManualClock(),
    });
  }

  it('rejects a bad config at start with a ConfigError naming the key', async () => {
    const node = soloNode({ electionTimeoutMs: 10 });
    const starting = node.start();
    await expect(starting).rejects.toBeInstanceOf(ConfigError);
    await expect(starting).rejects.toMatchObject({ key: 'electionTimeoutMs' });
    expect(node.state()).toBe('stopped');
  });

  it('rejects calls before start and after stop with NodeStoppedError', async () => {
    const node = soloNode();
    await expect(node.propose(command('x'))).rejects.toBeInstanceOf(NodeStoppedError);
    await node.start();
    await node.stop();
    for (const call of [
      () => node.propose(command('x')),
      () => node.read(),
      () => node.join('b', 'b'),
      () => node.leave('b'),
      () => node.transferLeadership('b'),
      () => node.start(),
    ]) {
      await expect(call()).rejects.toBeInstanceOf(NodeStoppedError);
    }
    expect(node.state()).toBe('stopped');
    expect(node.isLeader()).toBe(false);
    expect(node.leader()).toBeUndefined();
  });

  it('makes start and stop idempotent', async () => {
    const node = soloNode();
    const starting = node.start();
    expect(node.start()).toBe(starting);
    await starting;
    const stopping = node.stop();
    expect(node.stop()).toBe(stopping);
    await stopping;
  });

  it('reports a status before start', () => {
    expect(soloNode().status()).toMatchObject({ id: 'a', state: 'stopped', appliedIndex: 0 });
  });

  it('rejects proposals still queued at stop with NodeStoppedError', async () => {
    const node = soloNode();
    await node.start();
    const proposal = node.propose(command('x'));
    const stopping = node.stop();
    await expect(proposal).rejects.toBeInstanceOf(NodeStoppedError);
    await stopping;
  });

  it('stops ticking once stopped', async () => {
    const clock = new ManualClock();
    const node = createRaftNode({
      config: { nodeId: 'a', initialMembers: [{ id: 'a', address: 'a' }] },
      logStore: createMemoryLogStore(),
      stableStore: createMemoryStableStore(),
      snapshotStore: createMemorySnapshotStore(),
      transport: new LoopbackNetwork().createTransport('a'),
      stateMachine: new RecordingStateMachine(),
      clock,
    });
    await node.start();
    expect(clock.pendingTimers).toBe(1);
    await node.stop();
    await settle();
    expect(clock.pendingTimers).toBe(0);
  });

  it('types its events', () => {
    const node = soloNode();
    const off = node.on(
      'membership-changed',
      (event: RaftNodeEvents['membership-changed']) => event.membership,
    );
    off();
  });
});
