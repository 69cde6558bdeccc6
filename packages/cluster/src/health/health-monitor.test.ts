import { VirtualClock } from '@raft/testkit';
import { beforeEach, describe, expect, it } from 'vitest';
import { FakeNode } from '../test-support/fake-node.js';
import type { HealthEventName, HealthEvents } from './health-events.js';
import { HealthMonitor } from './health-monitor.js';

const ELECTION_TIMEOUT_MS = 1000;

describe('HealthMonitor', () => {
  let node: FakeNode;
  let clock: VirtualClock;
  let monitor: HealthMonitor;
  let events: string[];

  beforeEach(() => {
    node = new FakeNode();
    clock = new VirtualClock();
    monitor = new HealthMonitor({
      node,
      clock,
      electionTimeoutMs: ELECTION_TIMEOUT_MS,
      maxLagEntries: 100,
      checkIntervalMs: 250,
    });
    events = [];
    const names: HealthEventName[] = [
      'leader-lost',
      'leader-found',
      'peer-inactive',
      'peer-active',
      'peer-lagging',
      'peer-caught-up',
    ];
    for (const name of names) {
      monitor.on(name, (payload: HealthEvents[typeof name]) =>
        events.push(`${name} ${JSON.stringify(payload)}`),
      );
    }
    monitor.start();
  });

  it('reports losing and regaining a leader, once per change', () => {
    node.changeLeader('n2', 3);
    node.changeLeader('n2', 3);
    node.changeLeader(undefined, 4);
    node.changeLeader(undefined, 4);
    node.changeLeader('n3', 4);
    expect(events).toEqual([
      'leader-found {"leaderId":"n2","term":3}',
      'leader-lost {"previousLeaderId":"n2","term":4}',
      'leader-found {"leaderId":"n3","term":4}',
    ]);
    expect(monitor.leaderId()).toBe('n3');
  });

  it('flags a peer inactive only after an election timeout without a sign of life', async () => {
    node.lead(2, 10, { n2: {}, n3: {} });
    await clock.runFor(250);
    // The engine clears recentlyActive at each window start; one quiet sample is not enough.
    node.lead(2, 10, { n2: { recentlyActive: false }, n3: {} });
    await clock.runFor(750);
    expect(events).toEqual([]);
    await clock.runFor(250);
    expect(events).toEqual(['peer-inactive {"peerId":"n2","inactiveForMs":1000}']);
    expect(monitor.peers().find((peer) => peer.id === 'n2')).toMatchObject({
      inactive: true,
      recentlyActive: false,
    });
    node.lead(2, 10, { n2: {}, n3: {} });
    await clock.runFor(250);
    expect(events.at(-1)).toBe('peer-active {"peerId":"n2","inactiveForMs":0}');
  });

  it('flags a peer that falls more than maxLagEntries behind, and its recovery', async () => {
    node.lead(2, 500, { n2: { matchIndex: 400 }, n3: { matchIndex: 399 } });
    await clock.runFor(250);
    expect(events).toEqual(['peer-lagging {"peerId":"n3","lagEntries":101}']);
    expect(monitor.peers()).toEqual([
      { id: 'n2', matchIndex: 400, lagEntries: 100, recentlyActive: true, inactive: false, lagging: false },
      { id: 'n3', matchIndex: 399, lagEntries: 101, recentlyActive: true, inactive: false, lagging: true },
    ]);
    node.lead(2, 500, { n2: { matchIndex: 500 }, n3: { matchIndex: 500 } });
    monitor.check();
    expect(events.at(-1)).toBe('peer-caught-up {"peerId":"n3","lagEntries":0}');
  });

  it('tracks peers only while leading, with a fresh grace period each term', async () => {
    node.lead(2, 10, { n2: { recentlyActive: false } });
    // The grace period starts at the first sample that sees the peer (250 ms).
    await clock.runFor(1250);
    expect(events).toEqual(['peer-inactive {"peerId":"n2","inactiveForMs":1000}']);
    node.current = { ...node.current, role: 'follower', state: 'follower', progress: undefined };
    monitor.check();
    expect(monitor.peers()).toEqual([]);
    node.lead(5, 10, { n2: { recentlyActive: false } });
    await clock.runFor(750);
    expect(events).toHaveLength(1);
  });

  it('stops sampling and listening when stopped', async () => {
    monitor.stop();
    expect(clock.pendingTimers()).toBe(0);
    node.changeLeader('n2', 3);
    node.lead(2, 10, { n2: { recentlyActive: false } });
    await clock.runFor(5000);
    expect(events).toEqual([]);
  });
});
