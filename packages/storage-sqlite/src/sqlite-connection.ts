import type Database from 'better-sqlite3';
import { mapSqliteError } from './map-sqlite-error.js';
import type { SqliteWriteThread } from './sqlite-write-thread.js';

/** Rows per multi-row insert statement (5 parameters each, far below SQLite's 32,766). */
export const INSERT_CHUNK_ROWS = 32;

/** A row of `raft_log` read in raw (array) mode: idx, term, type, data, crc. */
export type LogRow = [index: number, term: number, type: number, data: Buffer, crc: number];

/** A row of `raft_hard_state` read in raw mode: term, voted_for, commit_index, crc. */
export type HardStateRow = [term: number, votedFor: string | null, commitIndex: number, crc: number];

/**
 * The one connection a log store and a stable store share, with their prepared statements. It
 * closes when both stores have closed (or the storage is closed as a whole).
 */
export class SqliteConnection {
  readonly insertEntry: Database.Statement<[number, number, number, Uint8Array, number]>;
  /** Inserts {@link INSERT_CHUNK_ROWS} rows at once: a third of the CPU of as many single-row inserts. */
  readonly insertChunk: Database.Statement<unknown[]>;
  readonly deleteFrom: Database.Statement<[number]>;
  readonly deleteThrough: Database.Statement<[number]>;
  readonly deleteAll: Database.Statement<[]>;
  readonly selectRange: Database.Statement<[number, number], LogRow>;
  readonly selectAll: Database.Statement<[], LogRow>;
  readonly selectBounds: Database.Statement<[], [number | null, number | null, number]>;
  /** The first and last index, without the count (two B-tree seeks). */
  readonly selectEnds: Database.Statement<[], [number | null, number | null]>;
  readonly saveHardState: Database.Statement<[number, string | null, number, number]>;
  readonly loadHardState: Database.Statement<[], HardStateRow>;
  private users = 2;
  private closed = false;
  private closing: Promise<void> | undefined;
  /** With `writeOnWorkerThread`: the thread that runs every write; reads stay on this connection. */
  writer: SqliteWriteThread | undefined;

  constructor(
    readonly database: Database.Database,
    /** The database file, named in every error. */
    readonly file: string,
    /** With `writeOnWorkerThread`: the held lock file (see `acquireLockFile`), closed last. */
    private readonly lock?: Database.Database,
  ) {
    this.insertEntry = database.prepare(
      'INSERT INTO raft_log (idx, term, type, data, crc) VALUES (?, ?, ?, ?, ?)',
    );
    this.insertChunk = database.prepare(
      `INSERT INTO raft_log (idx, term, type, data, crc) VALUES ${Array(INSERT_CHUNK_ROWS).fill('(?, ?, ?, ?, ?)').join(', ')}`,
    );
    this.deleteFrom = database.prepare('DELETE FROM raft_log WHERE idx >= ?');
    this.deleteThrough = database.prepare('DELETE FROM raft_log WHERE idx <= ?');
    this.deleteAll = database.prepare('DELETE FROM raft_log');
    this.selectRange = database
      .prepare<[number, number], LogRow>(
        'SELECT idx, term, type, data, crc FROM raft_log WHERE idx >= ? AND idx < ? ORDER BY idx',
      )
      .raw(true);
    this.selectAll = database
      .prepare<[], LogRow>('SELECT idx, term, type, data, crc FROM raft_log ORDER BY idx')
      .raw(true);
    this.selectBounds = database
      .prepare<[], [number | null, number | null, number]>(
        'SELECT MIN(idx), MAX(idx), COUNT(*) FROM raft_log',
      )
      .raw(true);
    this.selectEnds = database
      .prepare<[], [number | null, number | null]>('SELECT MIN(idx), MAX(idx) FROM raft_log')
      .raw(true);
    this.saveHardState = database.prepare(
      'INSERT OR REPLACE INTO raft_hard_state (id, term, voted_for, commit_index, crc) VALUES (1, ?, ?, ?, ?)',
    );
    this.loadHardState = database
      .prepare<[], HardStateRow>(
        'SELECT term, voted_for, commit_index, crc FROM raft_hard_state WHERE id = 1',
      )
      .raw(true);
  }

  /** Whether the connection is still open. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs `body`, turning a SQLite failure during `operation` into this package's typed error. */
  run<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw mapSqliteError(error, this.file, operation);
    }
  }

  /**
   * Hands pages freed by a compaction back to the file system once they are more than half the
   * file, keeping a quarter of the file as free pages for the appends to come. Without this the
   * file stays at its high-water mark (freed pages are still reused, so it never grows unbounded).
   */
  reclaimFreePages(): void {
    const pageCount = this.database.pragma('page_count', { simple: true }) as number;
    const freePages = this.database.pragma('freelist_count', { simple: true }) as number;
    if (freePages < 256 || freePages * 2 < pageCount) return;
    const toRelease = freePages - Math.floor(pageCount / 4);
    if (toRelease > 0) this.database.pragma(`incremental_vacuum(${toRelease})`);
  }

  /** Called by each store's `close`; closes the connection when the last user is done. */
  async release(): Promise<void> {
    this.users--;
    if (this.users <= 0) await this.close();
  }

  /**
   * Closes the connection (checkpointing the WAL into the database file). Idempotent. With a write
   * thread, its queued writes finish and it exits first; the lock file is released last.
   */
  close(): Promise<void> {
    if (this.closing !== undefined) return this.closing;
    this.closed = true;
    const writer = this.writer;
    const closeDatabase = () => {
      try {
        this.run('close', () => this.database.close());
      } finally {
        this.lock?.close();
      }
    };
    if (writer === undefined) {
      this.closing = Promise.resolve();
      closeDatabase(); // synchronously, as before: the file is free when this returns
    } else {
      this.closing = writer.close().then(closeDatabase);
    }
    return this.closing;
  }
}
