import { describe, expect, it } from 'vitest';
import { EngineNetwork } from './test-support/engine-network.js';

describe('leadership transfer (thesis §3.10)', () => {
  it('hands leadership to an up-to-date follower', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    expect(network.engine('a').transferLeadership('b')).toEqual({ ok: true });
    network.settle();
    expect(network.leaders()).toEqual(['b']);
  });

  it('catches a lagging target up before it campaigns', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('c');
    for (let i = 0; i < 10; i++) network.propose('a', `v${i}`);
    network.heal();
    network.cut('a', 'c');
    expect(network.engine('a').transferLeadership('c')).toEqual({ ok: true });
    network.settle();
    // c has not caught up, so it was not told to campaign yet.
    expect(network.delivered.some((message) => message.type === 'timeout-now')).toBe(false);
    network.heal();
    network.tick(1, ['a']);
    expect(network.leaders()).toEqual(['c']);
    expect(network.engine('c').status().lastIndex).toBeGreaterThanOrEqual(12);
    network.tick(2);
    expect(network.appliedValues('c')).toEqual(network.appliedValues('a'));
  });

  it('refuses proposals while a transfer is in progress, and gives up after an election timeout', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.isolate('b');
    network.engine('a').transferLeadership('b');
    expect(network.propose('a', 'x')).toEqual({ status: 'rejected', leaderHint: 'b' });
    network.tick(10, ['a', 'c']);
    expect(network.engine('a').status()).toMatchObject({ role: 'leader', transferTarget: undefined });
    expect(network.propose('a', 'y')).toMatchObject({ status: 'appended' });
  });

  it('refuses a transfer to a non-voter or to itself', () => {
    const network = new EngineNetwork(['a', 'b'], {}, 1, ['l']);
    network.elect('a');
    expect(network.engine('a').transferLeadership('l')).toEqual({ ok: false, reason: 'l is not a voter' });
    expect(network.engine('a').transferLeadership('a')).toEqual({ ok: false, reason: 'already the leader' });
    expect(network.engine('b').transferLeadership('a')).toEqual({ ok: false, reason: 'not the leader' });
  });
});
