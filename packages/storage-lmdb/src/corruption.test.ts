import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Entry, isRaftError } from '@raft/core';
import { tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createLmdbStorage, LMDB_ENVIRONMENT_DIR_NAME, LmdbCorruptionError } from './index.js';

const marked = (index: number, marker: string): Entry => ({
  index,
  term: 1,
  type: 'normal',
  data: Buffer.from(marker.padEnd(200, '.'), 'latin1'),
});

/** A closed store holding entries 1..50 (one transaction), entry 25's payload starting with `MARKER-25`. */
async function storeWithMarker(): Promise<{ dataDir: string; file: string }> {
  const dataDir = await tempDir('raft-lmdb-corruption-');
  const storage = createLmdbStorage({ dataDir });
  await storage.logStore.append(
    Array.from({ length: 50 }, (_, i) => marked(i + 1, i === 24 ? 'MARKER-25' : `entry-${i + 1}`)),
  );
  await storage.stableStore.save({ term: 3, votedFor: 'MARKER-VOTE', commitIndex: 20 });
  await storage.close();
  return { dataDir, file: join(dataDir, LMDB_ENVIRONMENT_DIR_NAME, 'data.mdb') };
}

/** Flips a bit in every copy of `marker` in the file (LMDB is copy-on-write: old page copies may linger). */
async function flipMarker(file: string, marker: string, at: number): Promise<void> {
  const bytes = await readFile(file);
  const needle = Buffer.from(marker, 'latin1');
  let found = 0;
  for (let offset = bytes.indexOf(needle); offset >= 0; offset = bytes.indexOf(needle, offset + 1)) {
    bytes[offset + at]! ^= 0x01;
    found++;
  }
  if (found === 0) throw new Error(`marker ${marker} not found`);
  await writeFile(file, bytes);
}

function expectCorruption(error: unknown, file: string): void {
  expect(error).toBeInstanceOf(LmdbCorruptionError);
  expect(isRaftError(error, 'ERR_RAFT_LMDB_CORRUPTION')).toBe(true);
  expect((error as Error).message).toContain(file);
  expect((error as LmdbCorruptionError).fatal).toBe(true);
}

async function openError(dataDir: string, verifyOnOpen?: 'full' | 'quick'): Promise<unknown> {
  try {
    await createLmdbStorage({ dataDir, ...(verifyOnOpen === undefined ? {} : { verifyOnOpen }) }).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('lmdb corruption is detected and names the file', () => {
  it('refuses to open a log with a flipped payload byte', async () => {
    const { dataDir } = await storeWithMarker();
    await flipMarker(join(dataDir, LMDB_ENVIRONMENT_DIR_NAME, 'data.mdb'), 'MARKER-25', 3);
    expectCorruption(await openError(dataDir), join(dataDir, LMDB_ENVIRONMENT_DIR_NAME));
  });

  it('never returns a flipped entry, even when full verification at open is off', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipMarker(file, 'MARKER-25', 3);
    const storage = createLmdbStorage({ dataDir, verifyOnOpen: 'quick' });
    try {
      expect(await storage.logStore.entries(1, 25)).toHaveLength(24);
      const error = await storage.logStore.entries(20, 30).catch((reason: unknown) => reason);
      expectCorruption(error, join(dataDir, LMDB_ENVIRONMENT_DIR_NAME));
      expect((error as Error).message).toContain('entry 25');
    } finally {
      await storage.close();
    }
  });

  it('refuses a hard state with a flipped byte', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipMarker(file, 'MARKER-VOTE', 2);
    const storage = createLmdbStorage({ dataDir });
    try {
      expectCorruption(
        await storage.stableStore.load().catch((reason: unknown) => reason),
        join(dataDir, LMDB_ENVIRONMENT_DIR_NAME),
      );
    } finally {
      await storage.close();
    }
  });

  it('refuses a truncated data file (instead of crashing on a memory-mapped read past its end)', async () => {
    const { dataDir, file } = await storeWithMarker();
    const { length } = await readFile(file);
    await truncate(file, Math.floor(length / 2));
    expectCorruption(await openError(dataDir), file);
  });

  it('refuses a data file truncated to nothing instead of starting as a new node', async () => {
    const { dataDir, file } = await storeWithMarker();
    await truncate(file, 0);
    expectCorruption(await openError(dataDir), file);
  });

  it('refuses a data file whose meta pages are destroyed', async () => {
    const { dataDir, file } = await storeWithMarker();
    const bytes = await readFile(file);
    bytes.fill(0, 0, 8192);
    await writeFile(file, bytes);
    expectCorruption(await openError(dataDir), file);
  });
});
