import { describe, expect, it } from 'vitest';
import type { Ready } from '../engine/ready.js';
import type { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { Transport } from '../interfaces/transport.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import { createMemorySnapshotStore } from '../memory/memory-snapshot-store.js';
import { createMemoryStableStore } from '../memory/memory-stable-store.js';
import type { Entry } from '../types/entry.js';
import type { HardState } from '../types/hard-state.js';
import type { Message } from '../types/message.js';
import { ForwardedProposals } from './forwarded-proposals.js';
import { ProposalTracker } from './proposal-tracker.js';
import { ReadTracker } from './read-tracker.js';
import { ReadyProcessor } from './ready-processor.js';
import { RecordingStateMachine } from './test-support/recording-state-machine.js';

function entry(index: number, term: number, text = `e${index}`): Entry {
  return { index, term, type: 'normal', data: new TextEncoder().encode(text) };
}

const heartbeat: Message = { type: 'heartbeat', from: 'a', to: 'b', term: 2, commitIndex: 0, readRound: 0 };
/** A follower's append acknowledgement: it promises durability, so it never leaves before the write. */
const acknowledgement: Message = {
  type: 'append-entries-response',
  from: 'b',
  to: 'a',
  term: 2,
  success: true,
  matchIndex: 1,
  rejectedIndex: 0,
  hintIndex: 0,
  hintTerm: 0,
};

function ready(overrides: Partial<Ready>): Ready {
  return {
    softState: undefined,
    snapshot: undefined,
    hardState: undefined,
    entries: [],
    messages: [],
    committedEntries: [],
    membership: undefined,
    readResults: [],
    forwardedProposalResults: [],
    snapshotTransfers: [],
    ...overrides,
  };
}

/** A processor over stores and a transport that log every call, in order. */
function harness(failingLogStore = false) {
  const calls: string[] = [];
  const saved: HardState[] = [];
  let releaseWrites: () => void = () => {};
  const writesReleased = new Promise<void>((resolve) => {
    releaseWrites = resolve;
  });
  const logStore = {
    append: async (entries: readonly Entry[]) => {
      if (failingLogStore) throw new Error('disk full');
      calls.push(`append ${entries.map((e) => e.index).join(',')}`);
      await writesReleased;
      calls.push('append durable');
    },
  } as unknown as LogStore;
  const stableStore = {
    save: async (state: HardState) => {
      calls.push(`save commit ${state.commitIndex}`);
      saved.push(state);
      await writesReleased;
      calls.push('save durable');
    },
  } as unknown as StableStore;
  const transport = {
    send: (messages: readonly Message[]) => calls.push(`send ${messages.length}`),
    setPeers: (peers: ReadonlyMap<string, string>) => calls.push(`peers ${[...peers.keys()].join(',')}`),
  } as unknown as Transport;
  const stateMachine = new RecordingStateMachine();
  const tracker = new ProposalTracker();
  const state = { running: true };
  const processor = new ReadyProcessor({
    nodeId: 'a',
    logStore,
    stableStore,
    snapshotStore: createMemorySnapshotStore(),
    transport,
    stateMachine,
    tracker,
    forwarded: new ForwardedProposals(tracker),
    reads: new ReadTracker(),
    isRunning: () => state.running,
  });
  return { processor, calls, saved, stateMachine, state, releaseWrites };
}

describe('ReadyProcessor', () => {
  it('persists entries and hard state, and only once both are durable sends, then applies', async () => {
    const { processor, calls, stateMachine, releaseWrites } = harness();
    const carried = processor.carryOut(
      ready({
        entries: [entry(3, 2)],
        hardState: { term: 2, votedFor: 'a', commitIndex: 2 },
        messages: [heartbeat],
        committedEntries: [entry(1, 1, 'one'), { index: 2, term: 2, type: 'noop', data: new Uint8Array() }],
      }),
    );
    await Promise.resolve();
    expect(calls).toEqual(['append 3', 'save commit 2']);
    releaseWrites();
    await expect(carried).resolves.toBe(true);
    expect(calls.slice(2).sort()).toEqual(['append durable', 'save durable', 'send 1']);
    expect(calls.at(-1)).toBe('send 1');
    expect(stateMachine.applied).toEqual(['one']);
    expect(processor.appliedIndex).toBe(2);
  });

  it('never saves a commit index that covers entries of the same, not yet durable, batch', async () => {
    const { processor, saved, releaseWrites } = harness();
    releaseWrites();
    await processor.carryOut(
      ready({
        entries: [entry(4, 3), entry(5, 3)],
        hardState: { term: 3, votedFor: undefined, commitIndex: 5 },
      }),
    );
    expect(saved).toEqual([{ term: 3, votedFor: undefined, commitIndex: 3 }]);
    await processor.carryOut(ready({ hardState: { term: 3, votedFor: undefined, commitIndex: 5 } }));
    expect(saved.at(-1)).toEqual({ term: 3, votedFor: undefined, commitIndex: 5 });
  });

  it('sets the transport peers from a new membership before sending', async () => {
    const { processor, calls, releaseWrites } = harness();
    releaseWrites();
    await processor.carryOut(
      ready({
        messages: [heartbeat],
        membership: {
          members: [
            { id: 'a', address: 'a', voter: true },
            { id: 'b', address: 'b', voter: false },
          ],
        },
      }),
    );
    expect(calls).toEqual(['peers b', 'send 1']);
  });

  it("sends a leader's appends and heartbeats before its own write, everything else after", async () => {
    const { processor, calls, releaseWrites } = harness();
    processor.startFrom(0, { term: 2, votedFor: 'a', commitIndex: 0 });
    const append: Message = {
      type: 'append-entries',
      from: 'a',
      to: 'b',
      term: 2,
      prevLogIndex: 2,
      prevLogTerm: 2,
      entries: [entry(3, 2)],
      leaderCommit: 2,
    };
    const carried = processor.carryOut(
      ready({
        entries: [entry(3, 2)],
        hardState: { term: 2, votedFor: 'a', commitIndex: 2 },
        messages: [append, acknowledgement, heartbeat],
      }),
    );
    await Promise.resolve();
    expect(calls).toEqual(['send 2', 'append 3', 'save commit 2']);
    releaseWrites();
    await carried;
    expect(calls.at(-1)).toBe('send 1');
  });

  it('sends nothing before the write when the Ready changes the term or the vote', async () => {
    const { processor, calls, releaseWrites } = harness();
    processor.startFrom(0, { term: 2, votedFor: 'a', commitIndex: 0 });
    const carried = processor.carryOut(
      ready({
        entries: [entry(3, 3)],
        hardState: { term: 3, votedFor: 'a', commitIndex: 2 },
        messages: [heartbeat],
      }),
    );
    await Promise.resolve();
    expect(calls).toEqual(['append 3', 'save commit 2']);
    releaseWrites();
    await carried;
    expect(calls.at(-1)).toBe('send 1');
  });

  it('abandons the batch without sending when the node stopped during the write', async () => {
    const { processor, calls, state, releaseWrites } = harness();
    const carried = processor.carryOut(ready({ entries: [entry(1, 1)], messages: [acknowledgement] }));
    state.running = false;
    releaseWrites();
    await expect(carried).resolves.toBe(false);
    expect(calls).not.toContain('send 1');
  });

  it('turns a store failure into a StorageError', async () => {
    const { processor } = harness(true);
    await expect(processor.carryOut(ready({ entries: [entry(1, 1)] }))).rejects.toBeInstanceOf(StorageError);
  });
});

describe('ReadyProcessor, installing a snapshot', () => {
  async function installHarness() {
    const logStore = createMemoryLogStore();
    const snapshotStore = createMemorySnapshotStore();
    const stateMachine = new RecordingStateMachine();
    const tracker = new ProposalTracker();
    const reads = new ReadTracker();
    const processor = new ReadyProcessor({
      nodeId: 'b',
      logStore,
      stableStore: createMemoryStableStore(),
      snapshotStore,
      transport: { send: () => {}, setPeers: () => {} } as unknown as Transport,
      stateMachine,
      tracker,
      forwarded: new ForwardedProposals(tracker),
      reads,
      isRunning: () => true,
    });
    // The leader's state through index 10: entries 1..10 applied.
    const leader = new RecordingStateMachine();
    for (let index = 1; index <= 10; index++) leader.apply(entry(index, 2));
    const sink = await snapshotStore.create({
      lastIncludedIndex: 10,
      lastIncludedTerm: 2,
      membership: { members: [{ id: 'a', address: 'a', voter: true }] },
    });
    for await (const chunk of await leader.snapshot()) await sink.write(chunk);
    const snapshot = await sink.commit();
    return { processor, logStore, stateMachine, tracker, reads, snapshot };
  }

  it('restores the state machine and clears the log before persisting the entries after it', async () => {
    const { processor, logStore, stateMachine, snapshot } = await installHarness();
    await logStore.append([entry(1, 1), entry(2, 1), entry(3, 1)]);
    stateMachine.apply(entry(1, 1, 'stale'));
    await processor.carryOut(ready({ snapshot, entries: [entry(11, 2)], committedEntries: [] }));
    expect(stateMachine.appliedIndexes).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(processor.appliedIndex).toBe(10);
    expect(await logStore.firstIndex()).toBe(11);
    expect(await logStore.lastIndex()).toBe(11);
  });

  it('tells proposals the snapshot covers that their outcome is unknown, and releases reads', async () => {
    const { processor, tracker, reads, snapshot } = await installHarness();
    const outcomes: string[] = [];
    tracker.add(9, 2, {
      resolves: [
        () => outcomes.push('9 resolved'),
        () => outcomes.push('10 resolved'),
        () => outcomes.push('11 resolved'),
      ],
      rejects: [
        (error) => outcomes.push(`9 ${(error as OutcomeUnknownError).code}`),
        (error) => outcomes.push(`10 ${(error as OutcomeUnknownError).code}`),
        () => outcomes.push('11 rejected'),
      ],
    });
    let read = false;
    reads.enqueue(
      () => {
        read = true;
      },
      () => {},
    );
    reads.issue(1);
    reads.onResult({ requestId: 1, status: 'ready', readIndex: 8 }, 0);
    await processor.carryOut(ready({ snapshot }));
    expect(outcomes).toEqual(['9 ERR_RAFT_OUTCOME_UNKNOWN', '10 ERR_RAFT_OUTCOME_UNKNOWN']);
    expect(read).toBe(true);
  });

  it('fails with a StorageError when the snapshot cannot be restored', async () => {
    const { processor, snapshot } = await installHarness();
    await expect(
      processor.carryOut(ready({ snapshot: { ...snapshot, id: 'missing' } })),
    ).rejects.toBeInstanceOf(StorageError);
  });
});
