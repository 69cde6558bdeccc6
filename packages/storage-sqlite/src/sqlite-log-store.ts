import {
  type Entry,
  entryChecksum,
  entrySizeBytes,
  entryTypeCode,
  entryTypeFromCode,
  InvalidEntriesError,
  invalidBatchReason,
  LogRangeError,
  type LogStore,
  StoreClosedError,
} from '@raft/core';
import { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
import { INSERT_CHUNK_ROWS, type LogRow, type SqliteConnection } from './sqlite-connection.js';
import { encodeEntryBatch } from './sqlite-write-thread.js';

/**
 * A {@link LogStore} in a SQLite table (see the package README for the durability argument).
 *
 * better-sqlite3 is synchronous: every method does its work inside the promise's executor, so a
 * concurrent read sees the log before or after a write, never a mix, and the bounds cached here are
 * always those of the last committed transaction. A rejected `append` or `compact` rolled back.
 *
 * With `writeOnWorkerThread` the writes run on the write thread's connection and the bounds cached
 * here change when a write resolves, that is after its transaction committed; reads stay on this
 * thread, each in a fresh read transaction, so they see every resolved write. While a write is in
 * flight it may commit at any moment, so a read then takes the bounds from the database in the
 * same read transaction as the entries: it sees the log before or after the write, never a mix.
 */
export class SqliteLogStore implements LogStore {
  private first: number;
  private last: number;
  private closed = false;
  /** Reused parameter list of the multi-row insert (cleared after each batch, so no payload is kept alive). */
  private readonly chunkParameters: unknown[] = new Array(INSERT_CHUNK_ROWS * 5);
  private readonly appendBatch: (entries: readonly Entry[], replaceAll: boolean) => void;
  /** Log writes sent to the write thread and not yet resolved. */
  private writesInFlight = 0;
  /** The last log write queued for the write thread: each write validates after the previous one. */
  private tail: Promise<unknown> = Promise.resolve();
  private readonly readInSnapshot: (lowIndex: number, highIndex: number, maxBytes?: number) => Entry[];

  constructor(private readonly connection: SqliteConnection) {
    const [first, last, count] = connection.run('read log bounds', () => connection.selectBounds.get()!);
    this.first = first ?? 0;
    this.last = last ?? 0;
    if (count !== 0 && count !== this.last - this.first + 1) {
      throw new SqliteCorruptionError(
        connection.file,
        `the log has holes: ${count} entries between ${this.first} and ${this.last}`,
      );
    }
    // One transaction per batch: one WAL fsync however many entries (group commit).
    this.appendBatch = connection.database.transaction((entries: readonly Entry[], replaceAll: boolean) => {
      const firstIndex = entries[0]!.index;
      if (replaceAll) connection.deleteAll.run();
      else if (firstIndex <= this.last) connection.deleteFrom.run(firstIndex);
      const chunkEnd = entries.length - (entries.length % INSERT_CHUNK_ROWS);
      const parameters = this.chunkParameters;
      for (let start = 0; start < chunkEnd; start += INSERT_CHUNK_ROWS) {
        for (let offset = 0; offset < INSERT_CHUNK_ROWS; offset++) {
          const entry = entries[start + offset]!;
          const type = entryTypeCode(entry.type);
          const base = offset * 5;
          parameters[base] = entry.index;
          parameters[base + 1] = entry.term;
          parameters[base + 2] = type;
          parameters[base + 3] = entry.data;
          parameters[base + 4] = entryChecksum(entry.index, entry.term, type, entry.data);
        }
        connection.insertChunk.run(...parameters);
      }
      for (let position = chunkEnd; position < entries.length; position++) {
        const entry = entries[position]!;
        const type = entryTypeCode(entry.type);
        connection.insertEntry.run(
          entry.index,
          entry.term,
          type,
          entry.data,
          entryChecksum(entry.index, entry.term, type, entry.data),
        );
      }
      parameters.fill(undefined);
    });
    this.readInSnapshot = connection.database.transaction(
      (lowIndex: number, highIndex: number, maxBytes?: number) => {
        const [first, last] = connection.selectEnds.get()!;
        this.checkRange(lowIndex, highIndex, first ?? 0, last ?? 0);
        return this.readRows(lowIndex, highIndex, maxBytes);
      },
    );
  }

  async firstIndex(): Promise<number> {
    this.ensureOpen();
    return this.first;
  }

  async lastIndex(): Promise<number> {
    this.ensureOpen();
    return this.last;
  }

  /** See {@link LogStore.entries}. Every returned entry has passed its CRC-32 check. */
  async entries(lowIndex: number, highIndex: number, maxBytes?: number): Promise<Entry[]> {
    this.ensureOpen();
    if (this.writesInFlight > 0) {
      return this.connection.run('read entries', () => this.readInSnapshot(lowIndex, highIndex, maxBytes));
    }
    this.checkRange(lowIndex, highIndex, this.first, this.last);
    return this.connection.run('read entries', () => this.readRows(lowIndex, highIndex, maxBytes));
  }

  /** Throws a `LogRangeError` unless `lowIndex..highIndex` is readable in a log `first..last`. */
  private checkRange(lowIndex: number, highIndex: number, first: number, last: number): void {
    const empty = last === 0;
    if (
      !Number.isSafeInteger(lowIndex) ||
      !Number.isSafeInteger(highIndex) ||
      lowIndex > highIndex ||
      (empty ? lowIndex !== highIndex : lowIndex < first || highIndex > last + 1)
    ) {
      throw new LogRangeError(lowIndex, highIndex, first, last);
    }
  }

  /** Reads and checks the entries of a range already known to be in the log. */
  private readRows(lowIndex: number, highIndex: number, maxBytes: number | undefined): Entry[] {
    if (lowIndex === highIndex) return [];
    const connection = this.connection;
    const result: Entry[] = [];
    let totalBytes = 0;
    let expectedIndex = lowIndex;
    for (const row of connection.selectRange.iterate(lowIndex, highIndex)) {
      const entry = this.decode(row, expectedIndex);
      totalBytes += entrySizeBytes(entry);
      // Always at least one entry, so a single oversized entry can still be replicated.
      if (maxBytes !== undefined && result.length > 0 && totalBytes > maxBytes) break;
      result.push(entry);
      expectedIndex++;
    }
    if (result.length === 0 || (maxBytes === undefined && expectedIndex !== highIndex)) {
      throw new SqliteCorruptionError(
        connection.file,
        `entries ${expectedIndex}..${highIndex - 1} are missing`,
      );
    }
    return result;
  }

  /**
   * See {@link LogStore.append}. Rejects with an `InvalidEntriesError` for a malformed batch and a
   * `LogRangeError` for a gap; nothing changes in either case. Durable when it resolves.
   */
  async append(entries: readonly Entry[]): Promise<void> {
    this.ensureOpen();
    const firstNew = entries[0];
    if (firstNew === undefined) return;
    const reason = invalidBatchReason(entries);
    if (reason !== undefined) throw new InvalidEntriesError(reason);
    if (this.connection.writer !== undefined) return this.queue(() => this.appendOnThread(entries));
    const empty = this.last === 0;
    const replaceAll = empty || firstNew.index < this.first;
    if (!replaceAll && firstNew.index > this.last + 1) {
      throw new LogRangeError(firstNew.index, firstNew.index + entries.length, this.first, this.last);
    }
    this.connection.run('append entries', () => this.appendBatch(entries, replaceAll));
    if (replaceAll) this.first = firstNew.index;
    this.last = firstNew.index + entries.length - 1;
  }

  /** See {@link LogStore.compact}. Through `lastIndex()` or beyond empties the log. Durable when it resolves. */
  async compact(throughIndex: number): Promise<void> {
    this.ensureOpen();
    if (!Number.isSafeInteger(throughIndex)) {
      throw new TypeError(`compact: throughIndex must be an integer, got ${throughIndex}`);
    }
    if (this.connection.writer !== undefined) return this.queue(() => this.compactOnThread(throughIndex));
    if (this.last === 0 || throughIndex < this.first) return;
    const connection = this.connection;
    connection.run('compact log', () => {
      if (throughIndex >= this.last) connection.deleteAll.run();
      else connection.deleteThrough.run(throughIndex);
    });
    if (throughIndex >= this.last) {
      this.first = 0;
      this.last = 0;
    } else {
      this.first = throughIndex + 1;
    }
    connection.run('reclaim free pages', () => connection.reclaimFreePages());
  }

  /** Runs `write` after every log write queued before it (the caller should not overlap them anyway). */
  private queue(write: () => Promise<void>): Promise<void> {
    const result = this.tail.then(write);
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** `append` with a write thread: validated against the bounds after every earlier write. */
  private async appendOnThread(entries: readonly Entry[]): Promise<void> {
    this.ensureOpen();
    const firstNew = entries[0]!;
    const replaceAll = this.last === 0 || firstNew.index < this.first;
    if (!replaceAll && firstNew.index > this.last + 1) {
      throw new LogRangeError(firstNew.index, firstNew.index + entries.length, this.first, this.last);
    }
    const batch = encodeEntryBatch(entries);
    await this.inFlight(
      this.connection.writer!.write(
        'append entries',
        { kind: 'append', replaceAll, firstIndex: firstNew.index, count: entries.length, batch },
        [batch],
      ),
    );
    if (replaceAll) this.first = firstNew.index;
    this.last = firstNew.index + entries.length - 1;
  }

  /** `compact` with a write thread. */
  private async compactOnThread(throughIndex: number): Promise<void> {
    this.ensureOpen();
    if (this.last === 0 || throughIndex < this.first) return;
    const all = throughIndex >= this.last;
    await this.inFlight(this.connection.writer!.write('compact log', { kind: 'compact', throughIndex, all }));
    if (all) {
      this.first = 0;
      this.last = 0;
    } else {
      this.first = throughIndex + 1;
    }
  }

  /** Counts `write` as in flight until it settles (reads meanwhile use a snapshot, see the class comment). */
  private async inFlight(write: Promise<void>): Promise<void> {
    this.writesInFlight++;
    try {
      await write;
    } finally {
      this.writesInFlight--;
    }
  }

  /** Closes this store; the database closes once its stable store has closed too. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.release();
  }

  /**
   * Checks every stored entry's CRC-32 and that the indexes are contiguous; throws a
   * {@link SqliteCorruptionError} naming the first bad entry.
   */
  verifyAll(): void {
    const connection = this.connection;
    connection.run('verify log', () => {
      let expectedIndex = this.first;
      for (const row of connection.selectAll.iterate()) this.decode(row, expectedIndex++);
    });
  }

  /** Turns a row into an entry, checking its index, type and CRC-32. */
  private decode(row: LogRow, expectedIndex: number): Entry {
    const [index, term, typeCode, data, crc] = row;
    const type = entryTypeFromCode(typeCode);
    if (index !== expectedIndex) {
      throw new SqliteCorruptionError(
        this.connection.file,
        `expected entry ${expectedIndex}, found ${index}`,
      );
    }
    if (type === undefined || crc !== entryChecksum(index, term, typeCode, data)) {
      throw new SqliteCorruptionError(this.connection.file, `log entry ${index} failed its checksum`);
    }
    return { index, term, type, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  }

  private ensureOpen(): void {
    if (this.closed || !this.connection.isOpen) throw new StoreClosedError('sqlite log store');
  }
}
