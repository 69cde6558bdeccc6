import { describe, expect, it } from 'vitest';
import type { EngineStatus, PeerProgress } from '../engine/status.js';
import { chooseTransferTarget } from './leadership-transfer.js';

function progress(matchIndex: number): PeerProgress {
  return {
    matchIndex,
    nextIndex: matchIndex + 1,
    state: 'replicate',
    inflightAppends: 0,
    recentlyActive: true,
  };
}

function leaderStatus(members: [string, boolean][], matches: Record<string, number>): EngineStatus {
  return {
    id: 'a',
    role: 'leader',
    term: 3,
    votedFor: 'a',
    leaderId: 'a',
    commitIndex: 10,
    appliedIndex: 10,
    lastIndex: 10,
    lastTerm: 3,
    membership: { members: members.map(([id, voter]) => ({ id, address: id, voter })) },
    progress: new Map(Object.entries(matches).map(([id, match]) => [id, progress(match)])),
    transferTarget: undefined,
    droppedMessages: 0,
  };
}

describe('chooseTransferTarget', () => {
  it('picks the voter with the highest matchIndex, never itself or a learner', () => {
    const status = leaderStatus(
      [
        ['a', true],
        ['b', true],
        ['c', true],
        ['d', false],
      ],
      { b: 7, c: 9, d: 10 },
    );
    expect(chooseTransferTarget(status)).toBe('c');
  });

  it('returns undefined for a cluster of one', () => {
    expect(chooseTransferTarget(leaderStatus([['a', true]], {}))).toBeUndefined();
  });
});
