import { afterEach, describe, expect, it } from 'vitest';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { StorageError } from '../errors/storage-error.js';
import type { AppliedEntry } from '../interfaces/state-machine.js';
import { createMemoryLogStore } from '../memory/memory-log-store.js';
import { createMemoryStableStore } from '../memory/memory-stable-store.js';
import type { FatalErrorEvent } from './raft-node-events.js';
import { command, RecordingStateMachine } from './test-support/recording-state-machine.js';
import { settle, TestCluster } from './test-support/test-cluster.js';

let cluster: TestCluster;
afterEach(async () => {
  await cluster.stop();
});

/** A memory log store whose appends start failing when `failing` is set. */
function flakyLogStore() {
  const store = createMemoryLogStore();
  const control = { failing: false, failure: new Error('disk full') };
  const append = store.append.bind(store);
  store.append = (entries) => (control.failing ? Promise.reject(control.failure) : append(entries));
  return { store, control };
}

describe('RaftNode on a failing store', () => {
  it('stops with a StorageError, rejects pending proposals and emits fatal-error', async () => {
    cluster = new TestCluster(['a']);
    const { store, control } = flakyLogStore();
    const { node } = cluster.add('a', { logStore: store });
    const fatal: FatalErrorEvent[] = [];
    node.on('fatal-error', (event) => fatal.push(event));
    await cluster.start();
    await cluster.electLeader();
    control.failing = true;
    const appended = expect(node.propose(command('lost'))).rejects.toBeInstanceOf(OutcomeUnknownError);
    await settle();
    await appended;
    expect(node.state()).toBe('stopped');
    expect(fatal).toHaveLength(1);
    const error = fatal[0]!.error as StorageError;
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toMatchObject({ operation: 'append entries', cause: control.failure, fatal: true });
    await expect(node.propose(command('after'))).rejects.toBeInstanceOf(NodeStoppedError);
    await node.stop();
  });

  it('stops when saving the hard state fails', async () => {
    cluster = new TestCluster(['a', 'b', 'c']);
    const stableStore = createMemoryStableStore();
    const failure = new Error('fsync failed');
    let failing = false;
    const save = stableStore.save.bind(stableStore);
    stableStore.save = (state) => (failing ? Promise.reject(failure) : save(state));
    const { node } = cluster.add('a', { stableStore });
    const fatal: FatalErrorEvent[] = [];
    node.on('fatal-error', (event) => fatal.push(event));
    await cluster.start();
    failing = true;
    // The first election changes every node's term, which node a must persist.
    await cluster.until(() => node.state() === 'stopped');
    expect(fatal[0]!.error).toMatchObject({ operation: 'save hard state', cause: failure });
  });

  it('fails start with a StorageError when the stores cannot be read', async () => {
    cluster = new TestCluster(['a']);
    const stableStore = createMemoryStableStore();
    stableStore.load = () => Promise.reject(new Error('corrupt'));
    const { node } = cluster.add('a', { stableStore });
    const fatal: FatalErrorEvent[] = [];
    node.on('fatal-error', (event) => fatal.push(event));
    await expect(node.start()).rejects.toBeInstanceOf(StorageError);
    expect(node.state()).toBe('stopped');
    expect(fatal).toHaveLength(1);
  });

  it('stops when the state machine throws (its state can no longer be trusted)', async () => {
    cluster = new TestCluster(['a']);
    class ExplodingStateMachine extends RecordingStateMachine {
      override apply(entry: AppliedEntry): unknown {
        if (new TextDecoder().decode(entry.data) === 'boom') throw new Error('bad command');
        return super.apply(entry);
      }
    }
    const { node } = cluster.add('a', {}, new ExplodingStateMachine());
    const fatal: FatalErrorEvent[] = [];
    node.on('fatal-error', (event) => fatal.push(event));
    await cluster.start();
    await cluster.electLeader();
    await expect(cluster.settled(node.propose(command('boom')))).rejects.toBeInstanceOf(OutcomeUnknownError);
    expect(node.state()).toBe('stopped');
    expect(fatal[0]!.error).toBeInstanceOf(StorageError);
  });

  it('survives a throwing event listener', async () => {
    cluster = new TestCluster(['a']);
    const { node } = cluster.add('a');
    node.on('leader-changed', () => {
      throw new Error('listener bug');
    });
    await cluster.start();
    await cluster.electLeader();
    await expect(cluster.settled(node.propose(command('fine')))).resolves.toMatchObject({ text: 'fine' });
  });
});
