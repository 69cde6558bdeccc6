import { chmod, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Entry, isRaftError } from '@raft/core';
import { NO_SMALL_FILESYSTEM, smallFilesystem, tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createLmdbStorage, LMDB_ENVIRONMENT_DIR_NAME, LmdbDiskFullError, LmdbOpenError } from './index.js';

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

describe('lmdb storage errors', () => {
  it('names a missing data dir instead of creating it', async () => {
    const dataDir = join(await tempDir('raft-lmdb-errors-'), 'not-mounted');
    const error = thrown(() => createLmdbStorage({ dataDir }));
    expect(error).toBeInstanceOf(LmdbOpenError);
    expect((error as LmdbOpenError).reason).toBe('missing-data-dir');
    expect((error as LmdbOpenError).file).toBe(join(dataDir, LMDB_ENVIRONMENT_DIR_NAME));
    expect(isRaftError(error, 'ERR_RAFT_LMDB_OPEN')).toBe(true);
    await expect(stat(dataDir)).rejects.toThrow();
  });

  it('rejects a data dir that is a file', async () => {
    const dataDir = join(await tempDir('raft-lmdb-errors-'), 'a-file');
    await writeFile(dataDir, 'x');
    expect((thrown(() => createLmdbStorage({ dataDir })) as LmdbOpenError).reason).toBe('missing-data-dir');
  });

  it.skipIf(process.getuid?.() === 0)('reports permission denied on a read-only data dir', async () => {
    const dataDir = await tempDir('raft-lmdb-errors-');
    await chmod(dataDir, 0o500);
    try {
      expect((thrown(() => createLmdbStorage({ dataDir })) as LmdbOpenError).reason).toBe(
        'permission-denied',
      );
    } finally {
      await chmod(dataDir, 0o700);
    }
  });

  it('refuses a second storage on the same environment while the first is open', async () => {
    const dataDir = await tempDir('raft-lmdb-errors-');
    const first = createLmdbStorage({ dataDir });
    try {
      expect((thrown(() => createLmdbStorage({ dataDir })) as LmdbOpenError).reason).toBe('locked');
    } finally {
      await first.close();
    }
    await createLmdbStorage({ dataDir }).close();
  });

  it('reports a full disk, keeps what was acknowledged, and reopens once space is back', async (context) => {
    const dataDir = await smallFilesystem(2 * 1024 * 1024);
    if (dataDir === undefined) return context.skip(NO_SMALL_FILESYSTEM);
    const storage = createLmdbStorage({ dataDir });
    await storage.logStore.append(entries(1, 10, 1000));
    let next = 11;
    let error: unknown;
    while (error === undefined && next < 10_000) {
      error = await storage.logStore
        .append(entries(next, next + 99, 1000))
        .catch((reason: unknown) => reason);
      if (error === undefined) next += 100;
    }
    expect(error).toBeInstanceOf(LmdbDiskFullError);
    expect(isRaftError(error, 'ERR_RAFT_LMDB_DISK_FULL')).toBe(true);
    expect((error as Error).message).toContain(join(dataDir, LMDB_ENVIRONMENT_DIR_NAME));
    expect(await storage.logStore.lastIndex()).toBe(next - 1);
    await storage.close();
    const reopened = createLmdbStorage({ dataDir });
    expect(await reopened.logStore.lastIndex()).toBe(next - 1);
    await reopened.logStore.compact(next - 10);
    await reopened.close();
  });
});

describe('lmdb space under a steady append + compact workload', () => {
  it('stays bounded: 200,000 appends with a compaction every 10,000', async () => {
    const dataDir = await tempDir('raft-lmdb-space-');
    const storage = createLmdbStorage({ dataDir });
    const file = join(dataDir, LMDB_ENVIRONMENT_DIR_NAME, 'data.mdb');
    const sizes: number[] = [];
    for (let next = 1; next <= 200_000; next += 1000) {
      await storage.logStore.append(entries(next, next + 999, 256));
      if ((next + 999) % 10_000 === 0) {
        await storage.logStore.compact(next + 999 - 100);
        sizes.push((await stat(file)).size);
      }
    }
    await storage.close();
    const late = Math.max(...sizes.slice(5));
    expect(late).toBeLessThan(24 * 1024 * 1024);
    expect(late).toBeLessThan(sizes[4]! * 2);
  }, 60_000);
});
