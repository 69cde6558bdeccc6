import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Entry, isRaftError } from '@raft/core';
import { NO_SMALL_FILESYSTEM, smallFilesystem, tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import {
  createSqliteStorage,
  SQLITE_DATABASE_FILE_NAME,
  SqliteDiskFullError,
  SqliteOpenError,
} from './index.js';

function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

const entries = (from: number, to: number, sizeBytes: number): Entry[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    index: from + i,
    term: 1,
    type: 'normal' as const,
    data: new Uint8Array(sizeBytes).fill(i % 251),
  }));

describe('sqlite storage errors', () => {
  it('names a missing data dir instead of creating it', async () => {
    const dataDir = join(await tempDir('raft-sqlite-errors-'), 'not-mounted');
    const error = thrown(() => createSqliteStorage({ dataDir }));
    expect(error).toBeInstanceOf(SqliteOpenError);
    expect((error as SqliteOpenError).reason).toBe('missing-data-dir');
    expect((error as SqliteOpenError).file).toBe(join(dataDir, SQLITE_DATABASE_FILE_NAME));
    expect(isRaftError(error, 'ERR_RAFT_SQLITE_OPEN')).toBe(true);
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('rejects a data dir that is a file', async () => {
    const dataDir = join(await tempDir('raft-sqlite-errors-'), 'a-file');
    await writeFile(dataDir, 'x');
    expect((thrown(() => createSqliteStorage({ dataDir })) as SqliteOpenError).reason).toBe(
      'missing-data-dir',
    );
  });

  it.skipIf(process.getuid?.() === 0)('reports permission denied on a read-only data dir', async () => {
    const dataDir = await tempDir('raft-sqlite-errors-');
    await chmod(dataDir, 0o500);
    try {
      expect((thrown(() => createSqliteStorage({ dataDir })) as SqliteOpenError).reason).toBe(
        'permission-denied',
      );
    } finally {
      await chmod(dataDir, 0o700);
    }
  });

  it('refuses a second storage on the same database while the first is open', async () => {
    const dataDir = await tempDir('raft-sqlite-errors-');
    const first = createSqliteStorage({ dataDir });
    try {
      const error = thrown(() => createSqliteStorage({ dataDir }));
      expect((error as SqliteOpenError).reason).toBe('locked');
    } finally {
      await first.close();
    }
    createSqliteStorage({ dataDir }).close();
  });

  it('reports a full disk, rolls the write back, and keeps what was acknowledged', async () => {
    const dataDir = await tempDir('raft-sqlite-errors-');
    const storage = createSqliteStorage({ dataDir, maxSizeBytes: 256 * 1024 });
    await storage.logStore.append(entries(1, 10, 1000));
    const error = await storage.logStore.append(entries(11, 1000, 1000)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(SqliteDiskFullError);
    expect(isRaftError(error, 'ERR_RAFT_SQLITE_DISK_FULL')).toBe(true);
    expect((error as SqliteDiskFullError).file).toBe(join(dataDir, SQLITE_DATABASE_FILE_NAME));
    expect(await storage.logStore.lastIndex()).toBe(10);
    await storage.close();
    const reopened = createSqliteStorage({ dataDir });
    expect(await reopened.logStore.lastIndex()).toBe(10);
    expect((await reopened.logStore.entries(1, 11)).map((entry) => entry.index)).toEqual(
      Array.from({ length: 10 }, (_, i) => i + 1),
    );
    await reopened.close();
  });

  it('reports a real full disk, keeps what was acknowledged, and reopens', async (context) => {
    const dataDir = await smallFilesystem(2 * 1024 * 1024);
    if (dataDir === undefined) return context.skip(NO_SMALL_FILESYSTEM);
    const storage = createSqliteStorage({ dataDir });
    await storage.logStore.append(entries(1, 10, 1000));
    let next = 11;
    let error: unknown;
    while (error === undefined && next < 10_000) {
      error = await storage.logStore
        .append(entries(next, next + 99, 1000))
        .catch((reason: unknown) => reason);
      if (error === undefined) next += 100;
    }
    expect(error).toBeInstanceOf(SqliteDiskFullError);
    expect(await storage.logStore.lastIndex()).toBe(next - 1);
    await storage.close();
    const reopened = createSqliteStorage({ dataDir });
    expect(await reopened.logStore.lastIndex()).toBe(next - 1);
    await reopened.close();
  });

  it('rejects ambiguous or invalid options', async () => {
    const dataDir = await tempDir('raft-sqlite-errors-');
    expect(() => createSqliteStorage({})).toThrow(TypeError);
    expect(() => createSqliteStorage({ dataDir, path: join(dataDir, 'x.sqlite') })).toThrow(TypeError);
    expect(() => createSqliteStorage({ dataDir, maxSizeBytes: 0 })).toThrow(RangeError);
  });

  it('opens a database given by path, with synchronous=NORMAL', async () => {
    const dataDir = await tempDir('raft-sqlite-errors-');
    const path = join(dataDir, 'node-1.sqlite');
    const storage = createSqliteStorage({ path, synchronous: 'normal' });
    await storage.logStore.append(entries(1, 3, 10));
    await storage.close();
    const reopened = createSqliteStorage({ path });
    expect(await reopened.logStore.lastIndex()).toBe(3);
    await reopened.close();
  });
});

describe('sqlite space under a steady append + compact workload', () => {
  it('stays bounded: 200,000 appends with a compaction every 10,000', async () => {
    const dataDir = await tempDir('raft-sqlite-space-');
    const storage = createSqliteStorage({ dataDir });
    const file = join(dataDir, SQLITE_DATABASE_FILE_NAME);
    const sizes: number[] = [];
    const sizeOf = async () =>
      (await stat(file)).size +
      (await stat(`${file}-wal`).then(
        (s) => s.size,
        () => 0,
      ));
    for (let next = 1; next <= 200_000; next += 1000) {
      await storage.logStore.append(entries(next, next + 999, 256));
      if ((next + 999) % 10_000 === 0) {
        await storage.logStore.compact(next + 999 - 100);
        sizes.push(await sizeOf());
      }
    }
    await storage.close();
    // Live data is at most ~10,100 entries of ~300 bytes (~3 MB): the file must not track the
    // 50 MB appended in total.
    const late = Math.max(...sizes.slice(5));
    expect(late).toBeLessThan(24 * 1024 * 1024);
    expect(late).toBeLessThan(sizes[4]! * 2);
  }, 60_000);
});
