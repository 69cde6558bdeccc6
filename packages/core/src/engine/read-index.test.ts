import { describe, expect, it } from 'vitest';
import { EngineNetwork } from './test-support/engine-network.js';

describe('ReadIndex reads (thesis §6.4)', () => {
  it('the leader serves a read at its commit index once a majority confirms a heartbeat round', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x');
    const commitIndex = network.engine('a').status().commitIndex;
    network.engine('a').readIndex(7);
    network.settle();
    expect(network.records.get('a')!.readResults).toEqual([
      { requestId: 7, status: 'ready', readIndex: commitIndex },
    ]);
  });

  it('a stale leader cut off from the majority cannot confirm a read', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('a');
    network.engine('a').readIndex(1);
    network.tick(5, ['a']);
    expect(network.records.get('a')!.readResults).toEqual([]);
    // Once check-quorum deposes it, the read fails instead of hanging.
    network.tick(20, ['a']);
    expect(network.records.get('a')!.readResults).toEqual([
      { requestId: 1, status: 'failed', leaderHint: undefined },
    ]);
  });

  it('concurrent reads share one heartbeat round', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    const heartbeatsBefore = network.delivered.filter((message) => message.type === 'heartbeat').length;
    for (let id = 1; id <= 50; id++) network.engine('a').readIndex(id);
    network.settle();
    const heartbeats =
      network.delivered.filter((message) => message.type === 'heartbeat').length - heartbeatsBefore;
    expect(heartbeats).toBe(2);
    expect(network.records.get('a')!.readResults).toHaveLength(50);
  });

  it('a follower read is forwarded to the leader and answered with its read index', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x');
    network.engine('b').readIndex(3);
    network.settle();
    expect(network.records.get('b')!.readResults).toEqual([
      { requestId: 3, status: 'ready', readIndex: network.engine('a').status().commitIndex },
    ]);
  });

  it('a follower read fails at once when no leader is known', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.engine('b').readIndex(4);
    network.settle();
    expect(network.records.get('b')!.readResults).toEqual([
      { requestId: 4, status: 'failed', leaderHint: undefined },
    ]);
  });

  it('a new leader holds reads until it commits an entry of its own term', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.propose('a', 'x');
    network.isolate('a');
    network.tick(40, ['b', 'c']);
    const [leader] = network.leaders().filter((id) => id !== 'a');
    // Hold back acknowledgements so the new leader's noop does not commit yet.
    const follower = leader === 'b' ? 'c' : 'b';
    network.cut(follower, leader!);
    network.engine(leader!).readIndex(9);
    network.tick(3, [leader!]);
    expect(network.records.get(leader!)!.readResults).toEqual([]);
    network.heal();
    network.tick(2, [leader!, follower]);
    const commitIndex = network.engine(leader!).status().commitIndex;
    expect(network.records.get(leader!)!.readResults).toEqual([
      { requestId: 9, status: 'ready', readIndex: commitIndex },
    ]);
  });

  it('lease reads: served without a heartbeat round while the lease holds, not after', () => {
    const network = new EngineNetwork(['a', 'b', 'c'], { leaseReads: true });
    network.elect('a');
    network.tick(1);
    const before = network.delivered.length;
    network.engine('a').readIndex(1);
    network.settle();
    expect(network.records.get('a')!.readResults).toEqual([
      { requestId: 1, status: 'ready', readIndex: network.engine('a').status().commitIndex },
    ]);
    expect(network.delivered.length).toBe(before);
    network.isolate('a');
    network.tick(9, ['a']);
    network.engine('a').readIndex(2);
    network.settle();
    expect(network.records.get('a')!.readResults).toHaveLength(1);
  });
});
