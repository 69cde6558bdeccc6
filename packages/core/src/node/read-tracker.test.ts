import { describe, expect, it } from 'vitest';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { ReadTracker } from './read-tracker.js';

function reader(log: string[], name: string) {
  return {
    resolve: () => log.push(`${name} resolved`),
    reject: (error: unknown) => log.push(`${name} ${(error as Error).name}`),
  };
}

describe('ReadTracker', () => {
  it('lets every read queued before a request share it', () => {
    const reads = new ReadTracker();
    const log: string[] = [];
    for (const name of ['a', 'b']) {
      const { resolve, reject } = reader(log, name);
      reads.enqueue(resolve, reject);
    }
    expect(reads.hasQueued).toBe(true);
    reads.issue(1);
    expect(reads.hasQueued).toBe(false);
    reads.onResult({ requestId: 1, status: 'ready', readIndex: 4 }, 4);
    expect(log).toEqual(['a resolved', 'b resolved']);
    expect(reads.size).toBe(0);
  });

  it('holds a confirmed read until the state machine has applied its read index', () => {
    const reads = new ReadTracker();
    const log: string[] = [];
    const { resolve, reject } = reader(log, 'a');
    reads.enqueue(resolve, reject);
    reads.issue(1);
    reads.onResult({ requestId: 1, status: 'ready', readIndex: 10 }, 8);
    reads.onApplied(9);
    expect(log).toEqual([]);
    reads.onApplied(10);
    expect(log).toEqual(['a resolved']);
  });

  it('releases confirmed reads in read-index order whatever order they were confirmed in', () => {
    const reads = new ReadTracker();
    const log: string[] = [];
    for (const [requestId, name] of [
      [1, 'high'],
      [2, 'low'],
    ] as const) {
      const { resolve, reject } = reader(log, name);
      reads.enqueue(resolve, reject);
      reads.issue(requestId);
    }
    reads.onResult({ requestId: 1, status: 'ready', readIndex: 20 }, 0);
    reads.onResult({ requestId: 2, status: 'ready', readIndex: 10 }, 0);
    reads.onApplied(15);
    expect(log).toEqual(['low resolved']);
    reads.onApplied(20);
    expect(log).toEqual(['low resolved', 'high resolved']);
  });

  it('rejects a failed read with NotLeaderError carrying the hint', () => {
    const reads = new ReadTracker();
    let error: unknown;
    reads.enqueue(
      () => {},
      (reason) => {
        error = reason;
      },
    );
    reads.issue(3);
    reads.onResult({ requestId: 3, status: 'failed', leaderHint: 'b' }, 0);
    expect(error).toBeInstanceOf(NotLeaderError);
    expect((error as NotLeaderError).leaderHint).toBe('b');
  });

  it('rejects reads at every stage on rejectAll', () => {
    const reads = new ReadTracker();
    const log: string[] = [];
    const add = (name: string) => {
      const { resolve, reject } = reader(log, name);
      reads.enqueue(resolve, reject);
    };
    add('confirmed');
    reads.issue(1);
    reads.onResult({ requestId: 1, status: 'ready', readIndex: 5 }, 0);
    add('issued');
    reads.issue(2);
    add('queued');
    expect(reads.size).toBe(3);
    reads.rejectAll(() => new NodeStoppedError());
    expect(log.sort()).toEqual([
      'confirmed NodeStoppedError',
      'issued NodeStoppedError',
      'queued NodeStoppedError',
    ]);
    expect(reads.size).toBe(0);
  });
});
