import { readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Entry, isRaftError } from '@raft/core';
import { offsetOf, tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createSqliteStorage, SQLITE_DATABASE_FILE_NAME, SqliteCorruptionError } from './index.js';

const marked = (index: number, marker: string): Entry => ({
  index,
  term: 1,
  type: 'normal',
  data: Buffer.from(`${marker}`.padEnd(200, '.'), 'latin1'),
});

/** A closed store holding entries 1..26 (the last two rewritten), entry 25's payload starting with `MARKER-25`. */
async function storeWithMarker(): Promise<{ dataDir: string; file: string }> {
  const dataDir = await tempDir('raft-sqlite-corruption-');
  const storage = createSqliteStorage({ dataDir });
  await storage.logStore.append(Array.from({ length: 50 }, (_, i) => marked(i + 1, `entry-${i + 1}`)));
  await storage.logStore.append([marked(25, 'MARKER-25'), marked(26, 'entry-26b')]);
  await storage.stableStore.save({ term: 3, votedFor: 'MARKER-VOTE', commitIndex: 20 });
  await storage.close(); // checkpoints the WAL into the database file
  return { dataDir, file: join(dataDir, SQLITE_DATABASE_FILE_NAME) };
}

async function flipByte(file: string, offset: number): Promise<void> {
  const bytes = await readFile(file);
  bytes[offset]! ^= 0x01;
  await writeFile(file, bytes);
}

function expectCorruption(error: unknown, file: string): void {
  expect(error).toBeInstanceOf(SqliteCorruptionError);
  expect(isRaftError(error, 'ERR_RAFT_SQLITE_CORRUPTION')).toBe(true);
  expect((error as SqliteCorruptionError).file).toBe(file);
  expect((error as Error).message).toContain(file);
  expect((error as SqliteCorruptionError).fatal).toBe(true);
}

function openError(dataDir: string, verifyOnOpen?: 'full' | 'quick' | 'none'): unknown {
  try {
    createSqliteStorage({ dataDir, ...(verifyOnOpen === undefined ? {} : { verifyOnOpen }) }).close();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('sqlite corruption is detected and names the file', () => {
  it('refuses to open a log with a flipped payload byte', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipByte(file, offsetOf(await readFile(file), 'MARKER-25') + 3);
    expectCorruption(openError(dataDir), file);
  });

  it('never returns a flipped entry, even when verification at open is off', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipByte(file, offsetOf(await readFile(file), 'MARKER-25') + 3);
    const storage = createSqliteStorage({ dataDir, verifyOnOpen: 'quick' });
    try {
      expect((await storage.logStore.entries(1, 25)).length).toBe(24);
      const error = await storage.logStore.entries(20, 27).catch((reason: unknown) => reason);
      expectCorruption(error, file);
      expect((error as Error).message).toContain('entry 25');
    } finally {
      await storage.close();
    }
  });

  it('refuses a hard state with a flipped byte', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipByte(file, offsetOf(await readFile(file), 'MARKER-VOTE') + 2);
    const storage = createSqliteStorage({ dataDir, verifyOnOpen: 'none' });
    try {
      expectCorruption(await storage.stableStore.load().catch((reason: unknown) => reason), file);
    } finally {
      await storage.close();
    }
  });

  it('refuses a truncated database file', async () => {
    const { dataDir, file } = await storeWithMarker();
    const { length } = await readFile(file);
    await truncate(file, Math.floor(length / 2));
    expectCorruption(openError(dataDir), file);
  });

  it('refuses a database file truncated to nothing instead of starting as a new node', async () => {
    const { dataDir, file } = await storeWithMarker();
    await truncate(file, 0);
    expectCorruption(openError(dataDir), file);
  });

  it('refuses a file with a damaged header, and a file that is not a Raft store', async () => {
    const { dataDir, file } = await storeWithMarker();
    await flipByte(file, 3); // inside "SQLite format 3"
    expectCorruption(openError(dataDir), file);
    await writeFile(file, Buffer.alloc(8192, 0x41));
    expectCorruption(openError(dataDir), file);
  });
});
