import { fileURLToPath } from 'node:url';
import { type Entry, isRaftError } from '@raft/core';
import { runToExit } from '@raft/testkit';
import { tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import {
  createSqliteStorage,
  SqliteDiskFullError,
  SqliteIoError,
  type SqliteOpenError,
  type SqliteStorage,
} from './index.js';
import type { SqliteConnection } from './sqlite-connection.js';

const entries = (from: number, to: number, sizeBytes: number, term = 1): Entry[] =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    index: from + i,
    term,
    type: 'normal' as const,
    data: new Uint8Array(sizeBytes).fill((from + i) % 251),
  }));

const onWorker = { writeOnWorkerThread: true } as const;

function openError(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

/** The storage's write thread (tests only). */
const writerOf = (storage: SqliteStorage) =>
  (storage.logStore as unknown as { connection: SqliteConnection }).connection.writer!;

describe('sqlite writeOnWorkerThread', () => {
  it('keeps one user per database, whichever mode each opener uses', async () => {
    const dataDir = await tempDir('raft-sqlite-thread-');
    const first = createSqliteStorage({ dataDir, ...onWorker });
    expect((openError(() => createSqliteStorage({ dataDir, ...onWorker })) as SqliteOpenError).reason).toBe(
      'locked',
    );
    expect((openError(() => createSqliteStorage({ dataDir })) as SqliteOpenError).reason).toBe('locked');
    await first.close();
    const synchronous = createSqliteStorage({ dataDir });
    expect((openError(() => createSqliteStorage({ dataDir, ...onWorker })) as SqliteOpenError).reason).toBe(
      'locked',
    );
    await synchronous.close();
    await createSqliteStorage({ dataDir, ...onWorker }).close();
  });

  it('commits a hard-state save alongside an append, keeping each store in order', async () => {
    const dataDir = await tempDir('raft-sqlite-thread-');
    const storage = createSqliteStorage({ dataDir, ...onWorker });
    const writes: Promise<void>[] = [];
    for (let term = 1; term <= 20; term++) {
      writes.push(storage.stableStore.save({ term, votedFor: `node-${term}`, commitIndex: term }));
      writes.push(storage.logStore.append(entries(term * 10 - 9, term * 10, 100, term)));
    }
    // A truncating append queued right behind the others.
    writes.push(storage.logStore.append(entries(150, 160, 10, 30)));
    await Promise.all(writes);
    expect(await storage.logStore.lastIndex()).toBe(160);
    await storage.close();
    const reopened = createSqliteStorage({ dataDir });
    expect(await reopened.stableStore.load()).toEqual({ term: 20, votedFor: 'node-20', commitIndex: 20 });
    const log = await reopened.logStore.entries(1, 161);
    expect(log.map((entry) => entry.term)).toEqual([
      ...Array.from({ length: 149 }, (_, i) => Math.floor(i / 10) + 1),
      ...Array(11).fill(30),
    ]);
    expect(log[148]!.data).toEqual(new Uint8Array(100).fill(149));
    await reopened.close();
  });

  it('reports a full disk as SqliteDiskFullError, rolls back, and keeps what was acknowledged', async () => {
    const dataDir = await tempDir('raft-sqlite-thread-');
    const storage = createSqliteStorage({ dataDir, ...onWorker, maxSizeBytes: 256 * 1024 });
    await storage.logStore.append(entries(1, 10, 1000));
    const save = storage.stableStore.save({ term: 2, votedFor: 'a', commitIndex: 10 });
    const error = await storage.logStore.append(entries(11, 1000, 1000)).catch((reason: unknown) => reason);
    await save;
    expect(error).toBeInstanceOf(SqliteDiskFullError);
    expect(isRaftError(error, 'ERR_RAFT_SQLITE_DISK_FULL')).toBe(true);
    expect(await storage.logStore.lastIndex()).toBe(10);
    expect((await storage.logStore.entries(1, 11)).length).toBe(10);
    await storage.logStore.append(entries(11, 12, 10));
    await storage.close();
    const reopened = createSqliteStorage({ dataDir });
    expect(await reopened.logStore.lastIndex()).toBe(12);
    expect(await reopened.stableStore.load()).toEqual({ term: 2, votedFor: 'a', commitIndex: 10 });
    await reopened.close();
  });

  it('fails pending and later writes with SqliteIoError when the thread dies, and still closes', async () => {
    const dataDir = await tempDir('raft-sqlite-thread-');
    const storage = createSqliteStorage({ dataDir, ...onWorker });
    await storage.logStore.append(entries(1, 5, 10));
    const pending = storage.logStore.append(entries(6, 2000, 1000)).catch((reason: unknown) => reason);
    const pendingSave = storage.stableStore
      .save({ term: 1, votedFor: undefined, commitIndex: 0 })
      .catch((reason: unknown) => reason);
    await writerOf(storage).terminate();
    for (const error of [await pending, await pendingSave]) {
      // Either it committed before the thread died, or it failed with the typed error.
      if (error !== undefined) {
        expect(error).toBeInstanceOf(SqliteIoError);
        expect((error as Error).cause).toBeInstanceOf(Error);
      }
    }
    const later = await storage.logStore.append(entries(2001, 2001, 1)).catch((reason: unknown) => reason);
    const laterSave = await storage.stableStore
      .save({ term: 3, votedFor: undefined, commitIndex: 0 })
      .catch((reason: unknown) => reason);
    // The append may be refused by its range check (if the big one never landed) before reaching the thread.
    expect(isRaftError(later, 'ERR_RAFT_SQLITE_IO') || isRaftError(later, 'ERR_RAFT_LOG_RANGE')).toBe(true);
    expect(laterSave).toBeInstanceOf(SqliteIoError);
    expect(await storage.logStore.entries(1, 6)).toHaveLength(5);
    await storage.close();
    const reopened = createSqliteStorage({ dataDir });
    expect(await reopened.logStore.firstIndex()).toBe(1);
    await reopened.close();
  });

  it.each(['close', 'no-close'])(
    'lets the process exit on its own (%s)',
    async (mode) => {
      const dataDir = await tempDir('raft-sqlite-thread-');
      const { exitCode, output } = await runToExit(
        fileURLToPath(new URL('./test-support/exit-check.ts', import.meta.url)),
        [dataDir, mode],
        { cwd: fileURLToPath(new URL('..', import.meta.url)) },
      );
      expect({ exitCode, output }).toEqual({
        exitCode: 0,
        output: mode === 'close' ? 'last 1\nclosed\n' : 'last 1\n',
      });
      const reopened = createSqliteStorage({ dataDir });
      expect(await reopened.logStore.lastIndex()).toBe(1);
      await reopened.close();
    },
    20_000,
  );
});
