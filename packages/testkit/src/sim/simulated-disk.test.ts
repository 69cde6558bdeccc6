import { isRaftError } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { testRandom } from '../test-support/kv-history-builders.js';
import { entry } from '../test-support/observation-builders.js';
import { DiskCrashedError, SimulatedIoError } from './disk-errors.js';
import { SimulatedDisk, type SimulatedDiskOptions } from './simulated-disk.js';
import { VirtualClock } from './virtual-clock.js';

function setup(options: Partial<SimulatedDiskOptions> = {}) {
  const clock = new VirtualClock();
  const disk = new SimulatedDisk({ clock, random: testRandom(1), fsyncDelayMs: 2, ...options });
  return { clock, disk, ...disk.open() };
}

const indexes = (entries: readonly { index: number; term: number }[]) =>
  entries.map((e) => `${e.index}/${e.term}`);

/** Tracks whether a promise settled, and how. */
function track(promise: Promise<unknown>) {
  const state: { settled: 'no' | 'resolved' | 'rejected'; error: unknown } = {
    settled: 'no',
    error: undefined,
  };
  promise.then(
    () => {
      state.settled = 'resolved';
    },
    (error: unknown) => {
      state.settled = 'rejected';
      state.error = error;
    },
  );
  return state;
}

describe('SimulatedDisk', () => {
  it('makes writes visible at once and durable after the fsync delay', async () => {
    const { clock, disk, logStore } = setup();
    const append = track(logStore.append([entry(1, 1), entry(2, 1)]));
    expect(indexes(disk.currentEntries())).toEqual(['1/1', '2/1']);
    expect(disk.durableEntries()).toEqual([]);
    expect(await logStore.lastIndex()).toBe(2);
    await clock.runFor(1);
    expect(append.settled).toBe('no');
    await clock.runFor(1);
    expect(append.settled).toBe('resolved');
    expect(indexes(disk.durableEntries())).toEqual(['1/1', '2/1']);
  });

  it('resolves in a microtask and is durable at once with a zero delay', async () => {
    const { disk, logStore, stableStore } = setup({ fsyncDelayMs: 0 });
    const append = logStore.append([entry(1, 1)]);
    expect(indexes(disk.durableEntries())).toEqual(['1/1']);
    await append;
    await stableStore.save({ term: 1, votedFor: 'a', commitIndex: 0 });
    expect(disk.durableHardState()).toEqual({ term: 1, votedFor: 'a', commitIndex: 0 });
  });

  it('makes writes durable in issue order even with random delays', async () => {
    const { clock, disk, logStore, stableStore } = setup({ fsyncDelayMs: [0, 5], random: testRandom(3) });
    const order: string[] = [];
    const writes = [
      logStore.append([entry(1, 1)]).then(() => order.push('append 1')),
      stableStore.save({ term: 1, votedFor: undefined, commitIndex: 0 }).then(() => order.push('save')),
      logStore.append([entry(2, 1)]).then(() => order.push('append 2')),
    ];
    await clock.runFor(20);
    await Promise.all(writes);
    expect(order).toEqual(['append 1', 'save', 'append 2']);
    expect(indexes(disk.durableEntries())).toEqual(['1/1', '2/1']);
  });

  it('replaces a conflicting suffix and compacts a prefix, like core’s memory store', async () => {
    const { clock, disk, logStore } = setup({ fsyncDelayMs: 0 });
    await logStore.append([entry(1, 1), entry(2, 1), entry(3, 1)]);
    await logStore.append([entry(2, 2)]);
    expect(indexes(disk.currentEntries())).toEqual(['1/1', '2/2']);
    await logStore.compact(1);
    expect(await logStore.firstIndex()).toBe(2);
    expect(disk.currentBaseIndex()).toBe(1);
    expect(indexes(await logStore.entries(2, 3))).toEqual(['2/2']);
    await expect(logStore.entries(1, 3)).rejects.toSatisfy((error) =>
      isRaftError(error, 'ERR_RAFT_LOG_RANGE'),
    );
    await expect(logStore.append([entry(5, 2)])).rejects.toSatisfy((error) =>
      isRaftError(error, 'ERR_RAFT_LOG_RANGE'),
    );
    await logStore.compact(10);
    expect(await logStore.firstIndex()).toBe(0);
    expect(await logStore.lastIndex()).toBe(0);
    expect(disk.currentBaseIndex()).toBe(10);
    await clock.runFor(1);
  });

  it('limits reads by bytes but always returns one entry', async () => {
    const { logStore } = setup({ fsyncDelayMs: 0 });
    await logStore.append([entry(1, 1, 'aaaa'), entry(2, 1, 'bbbb'), entry(3, 1, 'cccc')]);
    expect(indexes(await logStore.entries(1, 4, 1))).toEqual(['1/1']);
    expect(indexes(await logStore.entries(1, 4, 2 * 28))).toEqual(['1/1', '2/1']);
  });

  it('loses pending writes on a crash and rejects their promises', async () => {
    const { clock, disk, logStore, stableStore } = setup();
    await Promise.all([logStore.append([entry(1, 1)]), clock.runFor(5)]);
    const append = track(logStore.append([entry(2, 1)]));
    const save = track(stableStore.save({ term: 2, votedFor: 'b', commitIndex: 1 }));
    disk.crash();
    await clock.runFor(10);
    expect(append.settled).toBe('rejected');
    expect(append.error).toBeInstanceOf(DiskCrashedError);
    expect(save.settled).toBe('rejected');
    expect(indexes(disk.durableEntries())).toEqual(['1/1']);
    expect(indexes(disk.currentEntries())).toEqual(['1/1']);
    expect(disk.durableHardState()).toBeUndefined();
  });

  it('retires old handles on a crash; reopened handles see exactly the durable state', async () => {
    const { clock, disk, logStore, stableStore } = setup();
    await Promise.all([
      logStore.append([entry(1, 1), entry(2, 1)]),
      stableStore.save({ term: 1, votedFor: 'a', commitIndex: 2 }),
      clock.runFor(5),
    ]);
    void logStore.append([entry(3, 1)]).catch(() => {});
    disk.crash();
    await expect(logStore.lastIndex()).rejects.toBeInstanceOf(DiskCrashedError);
    await expect(stableStore.load()).rejects.toBeInstanceOf(DiskCrashedError);
    const reopened = disk.open();
    expect(await reopened.logStore.lastIndex()).toBe(2);
    expect(await reopened.stableStore.load()).toEqual({ term: 1, votedFor: 'a', commitIndex: 2 });
    expect(indexes(await reopened.logStore.entries(1, 3))).toEqual(['1/1', '2/1']);
  });

  it('never loses an acknowledged write, even with torn writes', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const clock = new VirtualClock();
      const disk = new SimulatedDisk({
        clock,
        random: testRandom(seed),
        fsyncDelayMs: [0, 3],
        tornWrites: true,
      });
      let { logStore } = disk.open();
      let acknowledged: string[] = [];
      let term = 1;
      for (let round = 0; round < 20; round++) {
        const last = await logStore.lastIndex();
        const batch = [entry(last + 1, term), entry(last + 2, term), entry(last + 3, term)];
        const expected = [...indexes(disk.currentEntries()), ...indexes(batch)];
        void logStore.append(batch).then(
          () => {
            acknowledged = expected;
          },
          () => {},
        );
        await clock.runFor(round % 3);
        if (round % 5 === 4) {
          disk.crash();
          term += 1;
          ({ logStore } = disk.open());
          const durable = indexes(disk.durableEntries());
          expect(durable.slice(0, acknowledged.length), `seed ${seed}`).toEqual(acknowledged);
          acknowledged = durable;
        }
      }
    }
  });

  it('keeps a prefix of a pending append when torn writes are on', async () => {
    const seen = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const clock = new VirtualClock();
      const disk = new SimulatedDisk({ clock, random: testRandom(seed), fsyncDelayMs: 5, tornWrites: true });
      const { logStore } = disk.open();
      void logStore.append([entry(1, 1), entry(2, 1), entry(3, 1), entry(4, 1)]).catch(() => {});
      disk.crash();
      const durable = indexes(disk.durableEntries());
      expect(['1/1', '2/1', '3/1', '4/1'].slice(0, durable.length)).toEqual(durable);
      seen.add(durable.length);
    }
    // Over 40 seeds we see the write lost, torn and whole.
    expect(seen.has(0)).toBe(true);
    expect(seen.has(4)).toBe(true);
    expect([1, 2, 3].some((length) => seen.has(length))).toBe(true);
  });

  it('fails the next write at a failpoint, before or after it reaches the disk', async () => {
    const { clock, disk, logStore, stableStore } = setup();
    disk.failNext('append');
    await expect(logStore.append([entry(1, 1)])).rejects.toBeInstanceOf(SimulatedIoError);
    expect(disk.currentEntries()).toEqual([]);
    disk.failNext('save', { written: true });
    const save = track(stableStore.save({ term: 3, votedFor: undefined, commitIndex: 0 }));
    await clock.runFor(5);
    expect(save.settled).toBe('rejected');
    expect((save.error as SimulatedIoError).written).toBe(true);
    expect(disk.durableHardState()?.term).toBe(3);
    // The failpoint fires once.
    await Promise.all([logStore.append([entry(1, 1)]), clock.runFor(5)]);
    expect(indexes(disk.durableEntries())).toEqual(['1/1']);
  });

  it('bumps the log version on every log change and crash', async () => {
    const { clock, disk, logStore, stableStore } = setup({ fsyncDelayMs: 0 });
    const versions = [disk.logVersion()];
    await logStore.append([entry(1, 1)]);
    versions.push(disk.logVersion());
    await stableStore.save({ term: 1, votedFor: undefined, commitIndex: 0 });
    versions.push(disk.logVersion());
    disk.crash();
    versions.push(disk.logVersion());
    expect(versions[1]).not.toBe(versions[0]);
    expect(versions[2]).toBe(versions[1]);
    expect(versions[3]).not.toBe(versions[2]);
    await clock.runFor(1);
  });

  it('rejects use after close', async () => {
    const { logStore, stableStore } = setup();
    await logStore.close();
    await stableStore.close();
    await expect(logStore.lastIndex()).rejects.toSatisfy((error) =>
      isRaftError(error, 'ERR_RAFT_STORE_CLOSED'),
    );
    await expect(stableStore.load()).rejects.toSatisfy((error) =>
      isRaftError(error, 'ERR_RAFT_STORE_CLOSED'),
    );
  });

  it('crashes right after an armed write is durable, before the caller learns of it', async () => {
    for (const tornWrites of [false, true]) {
      const { clock, disk, logStore, stableStore } = setup({ tornWrites });
      const crashes: string[] = [];
      disk.onCrashPoint = (operation) => {
        crashes.push(operation);
        disk.crash();
      };
      disk.crashAfterNext('append');
      const append = track(logStore.append([entry(1, 1), entry(2, 1)]));
      const save = track(stableStore.save({ term: 1, votedFor: undefined, commitIndex: 0 }));
      await clock.runFor(10);
      expect(crashes).toEqual(['append']);
      expect(append.settled).toBe('rejected');
      expect(save.settled).toBe('rejected');
      expect(indexes(disk.durableEntries())).toEqual(['1/1', '2/1']);
      await expect(logStore.lastIndex()).rejects.toBeInstanceOf(DiskCrashedError);
    }
  });
});
