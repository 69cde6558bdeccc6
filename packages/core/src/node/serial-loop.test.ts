import { describe, expect, it } from 'vitest';
import { SerialLoop } from './serial-loop.js';
import { settle } from './test-support/test-cluster.js';

/** A loop over a counter of work items, recording how many steps ran at once. */
function counterLoop() {
  const state = { work: 0, done: 0, concurrent: 0, maxConcurrent: 0, running: true, errors: [] as unknown[] };
  const loop = new SerialLoop({
    canRun: () => state.running,
    hasWork: () => state.work > 0,
    runOnce: async () => {
      state.concurrent++;
      state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
      await settle();
      state.work--;
      state.done++;
      state.concurrent--;
    },
    onError: (error) => state.errors.push(error),
  });
  return { loop, state };
}

describe('SerialLoop', () => {
  it('runs until there is no work, one step at a time', async () => {
    const { loop, state } = counterLoop();
    state.work = 3;
    loop.wake();
    loop.wake();
    await settle();
    loop.wake();
    while (loop.running) await loop.idle();
    expect(state.done).toBe(3);
    expect(state.maxConcurrent).toBe(1);
  });

  it('picks up work that arrives during a step without a new wake', async () => {
    const { loop, state } = counterLoop();
    state.work = 1;
    loop.wake();
    await Promise.resolve();
    await Promise.resolve();
    state.work++;
    while (loop.running || state.work > 0) await settle();
    expect(state.done).toBe(2);
  });

  it('starts again when woken after going idle', async () => {
    const { loop, state } = counterLoop();
    state.work = 1;
    loop.wake();
    await settle();
    await loop.idle();
    state.work = 1;
    loop.wake();
    await settle();
    await loop.idle();
    expect(state.done).toBe(2);
  });

  it('does not run once canRun is false, and reports errors', async () => {
    const { loop, state } = counterLoop();
    state.running = false;
    state.work = 1;
    loop.wake();
    await settle();
    expect(state.done).toBe(0);

    const failure = new Error('boom');
    const errors: unknown[] = [];
    const failing = new SerialLoop({
      canRun: () => true,
      hasWork: () => true,
      runOnce: async () => {
        throw failure;
      },
      onError: (error) => errors.push(error),
    });
    failing.wake();
    await settle();
    await failing.idle();
    expect(errors).toEqual([failure]);
    expect(failing.running).toBe(false);
  });
});
