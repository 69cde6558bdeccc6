import { readdir, readFile, stat, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isRaftError, type Membership, SnapshotNotFoundError, type SnapshotReader } from '@raft/core';
import { NO_SMALL_FILESYSTEM, smallFilesystem, tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import {
  createFileSnapshotStore,
  FileSnapshotCorruptionError,
  type FileSnapshotStore,
  FileSnapshotStoreOpenError,
  FileSnapshotWriteError,
} from './index.js';

const membership: Membership = { members: [{ id: 'a', address: 'a:1', voter: true }] };

async function commit(store: FileSnapshotStore, index: number, payload: Uint8Array) {
  const sink = await store.create({ lastIncludedIndex: index, lastIncludedTerm: 1, membership });
  for (let offset = 0; offset < payload.byteLength; offset += 100_000) {
    await sink.write(payload.subarray(offset, offset + 100_000));
  }
  return sink.commit();
}

async function readAll(reader: SnapshotReader): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of reader.chunks) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const payload = (sizeBytes: number, seed: number) => Buffer.alloc(sizeBytes, seed);

function expectCorruption(error: unknown, file: string): void {
  expect(error).toBeInstanceOf(FileSnapshotCorruptionError);
  expect(isRaftError(error, 'ERR_RAFT_FILE_SNAPSHOT_CORRUPTION')).toBe(true);
  expect((error as FileSnapshotCorruptionError).file).toBe(file);
  expect((error as Error).message).toContain(file);
}

describe('file snapshot store on disk', () => {
  it('keeps only `retain` snapshot files', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory, retain: 2 });
    for (let index = 1; index <= 5; index++) await commit(store, index * 10, payload(1000, index));
    expect((await store.list()).map((metadata) => metadata.lastIncludedIndex)).toEqual([50, 40]);
    expect((await readdir(directory)).sort()).toEqual(['snapshot-1-40-4.snap', 'snapshot-1-50-5.snap']);
    await store.close();
  });

  it('deletes a half-written snapshot left by a crash and never lists it', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory });
    const kept = await commit(store, 10, payload(100, 1));
    await writeFile(join(directory, '.snapshot-1-20-9.snap.tmp'), 'RAFTSNP1 half a snapshot');
    await store.close();
    const reopened = await createFileSnapshotStore({ directory });
    expect(await reopened.list()).toEqual([kept]);
    expect(await readdir(directory)).toEqual(['snapshot-1-10-1.snap']);
    await reopened.close();
  });

  it('refuses to open a snapshot with a flipped payload byte, naming the file', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory });
    const metadata = await commit(store, 10, payload(300_000, 7));
    const file = join(directory, `snapshot-${metadata.id}.snap`);
    const bytes = await readFile(file);
    bytes[150_000]! ^= 0x10;
    await writeFile(file, bytes);
    expectCorruption(await store.open(metadata.id).catch((reason: unknown) => reason), file);
    await store.close();
  });

  it('fails the stream if the file changes after it was opened', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory });
    const metadata = await commit(store, 10, payload(300_000, 7));
    const file = join(directory, `snapshot-${metadata.id}.snap`);
    const reader = await store.open(metadata.id);
    const bytes = await readFile(file);
    bytes[200_000]! ^= 0x10;
    await writeFile(file, bytes);
    expectCorruption(await readAll(reader).catch((reason: unknown) => reason), file);
    await store.close();
  });

  it('refuses to start on a truncated snapshot file, naming it', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory });
    const metadata = await commit(store, 10, payload(300_000, 7));
    await store.close();
    const file = join(directory, `snapshot-${metadata.id}.snap`);
    await truncate(file, (await stat(file)).size - 100);
    expectCorruption(await createFileSnapshotStore({ directory }).catch((reason: unknown) => reason), file);
    await truncate(file, 0);
    expectCorruption(await createFileSnapshotStore({ directory }).catch((reason: unknown) => reason), file);
  });

  it('reports a pruned snapshot as not found', async () => {
    const directory = join(await tempDir('raft-snapshots-'), 'snapshots');
    const store = await createFileSnapshotStore({ directory, retain: 1 });
    const old = await commit(store, 10, payload(10, 1));
    await commit(store, 20, payload(10, 2));
    expect(await store.open(old.id).catch((reason: unknown) => reason)).toBeInstanceOf(SnapshotNotFoundError);
    await store.close();
  });

  it('creates its directory inside an existing parent, but not a missing parent', async () => {
    const root = await tempDir('raft-snapshots-');
    const missing = join(root, 'not-mounted', 'snapshots');
    const error = await createFileSnapshotStore({ directory: missing }).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(FileSnapshotStoreOpenError);
    expect((error as FileSnapshotStoreOpenError).reason).toBe('missing-directory');
    await writeFile(join(root, 'a-file'), 'x');
    const notDirectory = await createFileSnapshotStore({ directory: join(root, 'a-file') }).catch(
      (reason: unknown) => reason,
    );
    expect((notDirectory as FileSnapshotStoreOpenError).reason).toBe('not-a-directory');
  });

  it('reports a full disk on write, removes the partial file and keeps the committed snapshots', async (context) => {
    const root = await smallFilesystem(1024 * 1024);
    if (root === undefined) return context.skip(NO_SMALL_FILESYSTEM);
    const directory = join(root, 'snapshots');
    const store = await createFileSnapshotStore({ directory });
    const kept = await commit(store, 10, payload(100_000, 1));
    const error = await commit(store, 20, payload(4 * 1024 * 1024, 2)).catch((reason: unknown) => reason);
    expect(error).toBeInstanceOf(FileSnapshotWriteError);
    expect((error as FileSnapshotWriteError).reason).toBe('disk-full');
    expect(await store.list()).toEqual([kept]);
    expect(await readdir(directory)).toEqual([`snapshot-${kept.id}.snap`]);
    expect((await readAll(await store.open(kept.id))).equals(payload(100_000, 1))).toBe(true);
    await store.close();
  });
});
