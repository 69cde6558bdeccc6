import { access, constants, mkdir, open as openFile, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  type SnapshotDescriptor,
  type SnapshotMetadata,
  SnapshotNotFoundError,
  type SnapshotReader,
  type SnapshotStore,
  StoreClosedError,
} from '@raft/core';
import { FileSnapshotCorruptionError } from './errors/file-snapshot-corruption-error.js';
import { FileSnapshotStoreOpenError } from './errors/file-snapshot-store-open-error.js';
import { FileSnapshotWriteError } from './errors/file-snapshot-write-error.js';
import { FileSnapshotSink } from './file-snapshot-sink.js';
import {
  DEFAULT_READ_CHUNK_BYTES,
  DEFAULT_SNAPSHOTS_RETAINED,
  type FileSnapshotStoreOptions,
} from './file-snapshot-store-options.js';
import { fsyncDirectory } from './fsync-directory.js';
import { idFromFileName, type ParsedTail, sequenceOf, snapshotFileName } from './snapshot-file-format.js';
import { readSnapshotInfo, streamSnapshotPayload, verifySnapshotFile } from './snapshot-file-reader.js';

/** A committed snapshot the store knows about. */
interface StoredSnapshot {
  readonly metadata: SnapshotMetadata;
  readonly file: string;
  readonly tail: ParsedTail;
  readonly sequence: number;
}

/** Temporary files of snapshots being written: `.snapshot-<id>.snap.tmp`. */
const TEMPORARY_FILE = /^\.snapshot-.*\.tmp$/;

/**
 * A {@link SnapshotStore} that keeps each snapshot in its own file in one directory (see the
 * package README for the file format and the durability argument).
 *
 * `list` answers from memory (the directory is scanned and every trailer checked at start);
 * `open` re-reads the whole file to check its SHA-256 before returning a reader, and the reader
 * checks it again as it streams, so a snapshot damaged on disk is reported, never restored.
 */
export class FileSnapshotStore implements SnapshotStore {
  private closed = false;
  private readonly sinks = new Set<FileSnapshotSink>();

  /** Use {@link createFileSnapshotStore}. */
  constructor(
    readonly directory: string,
    private readonly retain: number,
    private readonly readChunkBytes: number,
    /** Newest first, the order `list` returns. */
    private snapshots: StoredSnapshot[],
    private nextSequence: number,
  ) {}

  async create(descriptor: SnapshotDescriptor): Promise<FileSnapshotSink> {
    this.ensureOpen();
    const { lastIncludedIndex, lastIncludedTerm } = descriptor;
    if (!Number.isSafeInteger(lastIncludedIndex) || lastIncludedIndex < 0) {
      throw new RangeError(`snapshot lastIncludedIndex must be an integer >= 0, got ${lastIncludedIndex}`);
    }
    if (!Number.isSafeInteger(lastIncludedTerm) || lastIncludedTerm < 0) {
      throw new RangeError(`snapshot lastIncludedTerm must be an integer >= 0, got ${lastIncludedTerm}`);
    }
    const sequence = this.nextSequence++;
    const id = `${lastIncludedTerm}-${lastIncludedIndex}-${sequence}`;
    const finalPath = join(this.directory, snapshotFileName(id));
    const temporaryPath = join(this.directory, `.${snapshotFileName(id)}.tmp`);
    let handle: Awaited<ReturnType<typeof openFile>>;
    try {
      handle = await openFile(temporaryPath, 'wx');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      throw new FileSnapshotWriteError(temporaryPath, code === 'ENOSPC' ? 'disk-full' : 'io', {
        cause: error,
      });
    }
    const membership = structuredClone(descriptor.membership);
    const sink = await FileSnapshotSink.start(handle, {
      directory: this.directory,
      temporaryPath,
      finalPath,
      metadataWithoutSize: { id, lastIncludedIndex, lastIncludedTerm, membership },
      ensureStoreOpen: () => this.ensureOpen(),
      onCommitted: async (metadata, tail) => {
        this.sinks.delete(sink);
        await this.insert({ metadata, file: finalPath, tail, sequence });
      },
    });
    this.sinks.add(sink);
    return sink;
  }

  async list(): Promise<SnapshotMetadata[]> {
    this.ensureOpen();
    return this.snapshots.map((snapshot) => snapshot.metadata);
  }

  /**
   * See {@link SnapshotStore.open}. Reads the whole file once to check its SHA-256: rejects with a
   * {@link FileSnapshotCorruptionError} naming the file if it does not match, and with a
   * `SnapshotNotFoundError` for an unknown (or pruned) id.
   */
  async open(id: string): Promise<SnapshotReader> {
    this.ensureOpen();
    const snapshot = this.snapshots.find((candidate) => candidate.metadata.id === id);
    if (snapshot === undefined) throw new SnapshotNotFoundError(id);
    try {
      await verifySnapshotFile(snapshot.file, snapshot.tail, this.readChunkBytes);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new SnapshotNotFoundError(id);
      throw error;
    }
    const { file, tail } = snapshot;
    const chunkBytes = this.readChunkBytes;
    const ensureOpen = () => this.ensureOpen();
    return {
      metadata: snapshot.metadata,
      chunks: {
        async *[Symbol.asyncIterator]() {
          ensureOpen();
          for await (const chunk of streamSnapshotPayload(file, tail, chunkBytes, true)) {
            ensureOpen();
            yield chunk;
          }
        },
      },
    };
  }

  /** Closes the store and discards snapshots still being written. Closing twice is harmless. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.sinks].map((sink) => sink.abort()));
    this.sinks.clear();
  }

  /** Adds a committed snapshot in `list` order, then deletes the oldest beyond `retain`. */
  private async insert(snapshot: StoredSnapshot): Promise<void> {
    const newer = (a: StoredSnapshot, b: StoredSnapshot) =>
      a.metadata.lastIncludedIndex > b.metadata.lastIncludedIndex ||
      (a.metadata.lastIncludedIndex === b.metadata.lastIncludedIndex && a.sequence > b.sequence);
    const position = this.snapshots.findIndex((other) => newer(snapshot, other));
    if (position === -1) this.snapshots.push(snapshot);
    else this.snapshots.splice(position, 0, snapshot);
    const pruned = this.snapshots.splice(this.retain);
    if (pruned.length === 0) return;
    await Promise.all(pruned.map((old) => rm(old.file, { force: true })));
    await fsyncDirectory(this.directory);
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError('file snapshot store');
  }
}

/**
 * Opens the snapshot store in `options.directory`: deletes temporary files left by a crash mid-
 * write, reads and checks the trailer of every snapshot file, and prunes beyond `retain`.
 *
 * Rejects with a {@link FileSnapshotStoreOpenError} when the directory cannot be used and with a
 * {@link FileSnapshotCorruptionError} naming the file when a committed snapshot is damaged: the
 * node must not start on a snapshot it cannot trust.
 */
export async function createFileSnapshotStore(options: FileSnapshotStoreOptions): Promise<FileSnapshotStore> {
  const retain = options.retain ?? DEFAULT_SNAPSHOTS_RETAINED;
  if (!Number.isSafeInteger(retain) || retain < 1) {
    throw new RangeError(`createFileSnapshotStore: retain must be an integer >= 1, got ${retain}`);
  }
  const readChunkBytes = options.readChunkBytes ?? DEFAULT_READ_CHUNK_BYTES;
  if (!Number.isSafeInteger(readChunkBytes) || readChunkBytes < 1) {
    throw new RangeError(
      `createFileSnapshotStore: readChunkBytes must be an integer >= 1, got ${readChunkBytes}`,
    );
  }
  const directory = options.directory;
  await prepareDirectory(directory);

  const snapshots: StoredSnapshot[] = [];
  let nextSequence = 1;
  let removedTemporary = false;
  for (const name of await readdir(directory)) {
    if (TEMPORARY_FILE.test(name)) {
      await rm(join(directory, name), { force: true });
      removedTemporary = true;
      continue;
    }
    const id = idFromFileName(name);
    if (id === undefined) continue;
    const file = join(directory, name);
    const { metadata, ...tail } = await readSnapshotInfo(file);
    if (metadata.id !== id) {
      throw new FileSnapshotCorruptionError(file, `the file holds snapshot ${metadata.id}, not ${id}`);
    }
    const sequence = sequenceOf(id);
    nextSequence = Math.max(nextSequence, sequence + 1);
    snapshots.push({ metadata, file, tail, sequence });
  }
  snapshots.sort(
    (a, b) => b.metadata.lastIncludedIndex - a.metadata.lastIncludedIndex || b.sequence - a.sequence,
  );
  // A crash between a commit's rename and its pruning leaves one snapshot too many: prune now.
  const pruned = snapshots.splice(retain);
  await Promise.all(pruned.map((old) => rm(old.file, { force: true })));
  if (removedTemporary || pruned.length > 0) await fsyncDirectory(directory);
  return new FileSnapshotStore(directory, retain, readChunkBytes, snapshots, nextSequence);
}

/** Makes sure `directory` exists (creating it if its parent does) and is usable. */
async function prepareDirectory(directory: string): Promise<void> {
  try {
    const stats = await stat(directory);
    if (!stats.isDirectory()) {
      throw new FileSnapshotStoreOpenError(
        directory,
        'not-a-directory',
        'the path exists and is not a directory',
      );
    }
  } catch (error) {
    if (error instanceof FileSnapshotStoreOpenError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw mapOpenError(error, directory);
    try {
      await mkdir(directory);
      await fsyncDirectory(dirname(directory));
    } catch (mkdirError) {
      if ((mkdirError as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new FileSnapshotStoreOpenError(
          directory,
          'missing-directory',
          `its parent ${dirname(directory)} does not exist`,
          { cause: mkdirError },
        );
      }
      throw mapOpenError(mkdirError, directory);
    }
  }
  try {
    await access(directory, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw mapOpenError(error, directory);
  }
}

function mapOpenError(error: unknown, directory: string): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
    return new FileSnapshotStoreOpenError(directory, 'permission-denied', (error as Error).message, {
      cause: error,
    });
  }
  if (code === 'ENOTDIR') {
    return new FileSnapshotStoreOpenError(directory, 'not-a-directory', (error as Error).message, {
      cause: error,
    });
  }
  return error instanceof Error ? error : new Error(String(error));
}
