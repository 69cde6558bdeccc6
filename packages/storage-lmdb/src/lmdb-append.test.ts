import type { Entry } from '@raft/core';
import { tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createLmdbStorage } from './index.js';

const batch = (from: number, count: number, term = 1): Entry[] =>
  Array.from({ length: count }, (_, offset) => ({
    index: from + offset,
    term,
    type: 'normal' as const,
    data: new Uint8Array([offset, term]),
  }));

// `append` puts with LMDB's MDB_APPEND, which is only valid while every new key sorts after every
// stored one: these cross the byte boundaries of the ordered key encoding and truncate mid-log.
describe('lmdb append order', () => {
  it('appends and truncates across key-encoding boundaries, then reopens intact', async () => {
    const dataDir = await tempDir('raft-lmdb-append-');
    const starts = [1, 250, 65_530, 2 ** 24 - 3, 2 ** 32 - 3, 2 ** 40 - 3, 2 ** 53 - 40];
    let storage = createLmdbStorage({ dataDir });
    for (const start of starts) {
      const last = await storage.logStore.lastIndex();
      if (last > 0) await storage.logStore.compact(last);
      await storage.logStore.append(batch(start, 8));
      await storage.logStore.append(batch(start + 8, 4));
      await storage.logStore.append(batch(start + 5, 3, 2)); // replaces start+5..start+11
      await storage.logStore.append(batch(start + 8, 2, 2));
      expect(await storage.logStore.firstIndex()).toBe(start);
      expect(await storage.logStore.lastIndex()).toBe(start + 9);
      const terms = (await storage.logStore.entries(start, start + 10)).map((entry) => entry.term);
      expect(terms).toEqual([1, 1, 1, 1, 1, 2, 2, 2, 2, 2]);
    }
    await storage.close();
    storage = createLmdbStorage({ dataDir });
    expect(await storage.logStore.lastIndex()).toBe(starts.at(-1)! + 9);
    await storage.close();
  });
});
