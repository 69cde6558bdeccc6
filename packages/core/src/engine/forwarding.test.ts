import { describe, expect, it } from 'vitest';
import { EngineNetwork } from './test-support/engine-network.js';

describe('proposals made on a follower', () => {
  it('are forwarded to the leader, appended there, and reported back with their index and term', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    const outcome = network.propose('b', 'from-b', 'also-from-b');
    expect(outcome).toEqual({ status: 'forwarded', requestId: 1 });
    const results = network.records.get('b')!.readies.flatMap((ready) => ready.forwardedProposalResults);
    const term = network.engine('a').status().term;
    expect(results).toEqual([{ requestId: 1, status: 'appended', firstIndex: 3, term }]);
    network.tick(1);
    expect(network.appliedValues('b')).toEqual(['from-b', 'also-from-b']);
  });

  it('are rejected at once when no leader is known', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    expect(network.propose('b', 'x')).toEqual({ status: 'rejected', leaderHint: undefined });
  });

  it('are reported lost when the leader changes before answering', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.cut('b', 'a');
    network.propose('b', 'x');
    network.isolate('a');
    network.heal();
    network.isolate('a');
    network.tick(40, ['b', 'c']);
    const results = network.records.get('b')!.readies.flatMap((ready) => ready.forwardedProposalResults);
    expect(results).toEqual([{ requestId: 1, status: 'lost' }]);
  });
});

describe('forwarded requests that get no answer', () => {
  it('are reported lost after an election timeout even if the leader stays the same', () => {
    const network = new EngineNetwork(['a', 'b', 'c']);
    network.elect('a');
    network.cut('a', 'b');
    network.propose('b', 'x');
    network.engine('b').readIndex(5);
    network.settle();
    // Ten ticks is the base election timeout: the requests expire before b would campaign.
    network.tick(10, ['b']);
    const results = network.records.get('b')!.readies.flatMap((ready) => ready.forwardedProposalResults);
    expect(results).toEqual([{ requestId: 1, status: 'lost' }]);
    expect(network.records.get('b')!.readResults).toEqual([
      { requestId: 5, status: 'failed', leaderHint: 'a' },
    ]);
  });
});
