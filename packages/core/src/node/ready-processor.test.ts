import { describe, expect, it } from 'vitest';
import type { Ready } from '../engine/ready.js';
import { StorageError } from '../errors/storage-error.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { Transport } from '../interfaces/transport.js';
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

  it('abandons the batch without sending when the node stopped during the write', async () => {
    const { processor, calls, state, releaseWrites } = harness();
    const carried = processor.carryOut(ready({ entries: [entry(1, 1)], messages: [heartbeat] }));
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
