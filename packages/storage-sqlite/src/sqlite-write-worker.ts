// The SQLite write thread of `writeOnWorkerThread`: its own better-sqlite3 connection runs every
// write (append, compact, hard-state save) so that the fsync blocks this thread, not the event
// loop. Imports nothing from the workspace: `write-messages.ts` is types only.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { WriteFailure, WriteRequest, WriteResult, WriteThreadSettings } from './write-messages.js';

/** Rows per multi-row insert (as on the main thread: 5 parameters each). */
const CHUNK_ROWS = 32;

const port = parentPort!;
const settings = workerData as WriteThreadSettings;

/** The connection, or why it could not be opened (every request then fails with that). */
let database: Database.Database | undefined;
let openFailure: WriteFailure | undefined;
let statements: ReturnType<typeof prepare> | undefined;

try {
  database = new Database(settings.file, { fileMustExist: true, timeout: 5000 });
  // The main thread already put the database in WAL mode (persistent); these are per connection.
  database.pragma(`synchronous = ${settings.synchronous === 'full' ? 'FULL' : 'NORMAL'}`);
  database.pragma(`journal_size_limit = ${Math.floor(settings.walSizeLimitBytes)}`);
  database.pragma('cell_size_check = ON');
  if (settings.maxSizeBytes !== undefined) {
    const pageSize = database.pragma('page_size', { simple: true }) as number;
    database.pragma(`max_page_count = ${Math.max(1, Math.floor(settings.maxSizeBytes / pageSize))}`);
  }
  statements = prepare(database);
} catch (error) {
  openFailure = failureOf(error);
  database?.close();
  database = undefined;
}

function prepare(db: Database.Database) {
  return {
    insertEntry: db.prepare('INSERT INTO raft_log (idx, term, type, data, crc) VALUES (?, ?, ?, ?, ?)'),
    insertChunk: db.prepare(
      `INSERT INTO raft_log (idx, term, type, data, crc) VALUES ${Array(CHUNK_ROWS).fill('(?, ?, ?, ?, ?)').join(', ')}`,
    ),
    deleteFrom: db.prepare('DELETE FROM raft_log WHERE idx >= ?'),
    deleteThrough: db.prepare('DELETE FROM raft_log WHERE idx <= ?'),
    deleteAll: db.prepare('DELETE FROM raft_log'),
    saveHardState: db.prepare(
      'INSERT OR REPLACE INTO raft_hard_state (id, term, voted_for, commit_index, crc) VALUES (1, ?, ?, ?, ?)',
    ),
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
  };
}

function failureOf(error: unknown): WriteFailure {
  const code = (error as { code?: unknown } | undefined)?.code;
  return {
    message: error instanceof Error ? error.message : String(error),
    code: typeof code === 'string' ? code : undefined,
  };
}

const chunkParameters: unknown[] = new Array(CHUNK_ROWS * 5);

/** Runs one request's statements (inside the caller's transaction). */
function apply(request: Exclude<WriteRequest, { kind: 'close' }>): void {
  const s = statements!;
  switch (request.kind) {
    case 'append': {
      const { count, batch, firstIndex } = request;
      const terms = new Float64Array(batch, 0, count);
      const crcs = new Uint32Array(batch, 8 * count, count);
      const lengths = new Uint32Array(batch, 12 * count, count);
      const types = new Uint8Array(batch, 16 * count, count);
      let offset = 17 * count;
      if (request.replaceAll) s.deleteAll.run();
      else s.deleteFrom.run(firstIndex);
      const chunkEnd = count - (count % CHUNK_ROWS);
      const parameters = chunkParameters;
      let position = 0;
      for (; position < chunkEnd; position += CHUNK_ROWS) {
        for (let row = 0; row < CHUNK_ROWS; row++) {
          const entry = position + row;
          const base = row * 5;
          parameters[base] = firstIndex + entry;
          parameters[base + 1] = terms[entry];
          parameters[base + 2] = types[entry];
          parameters[base + 3] = new Uint8Array(batch, offset, lengths[entry]);
          parameters[base + 4] = crcs[entry];
          offset += lengths[entry]!;
        }
        s.insertChunk.run(...parameters);
      }
      for (; position < count; position++) {
        const data = new Uint8Array(batch, offset, lengths[position]);
        offset += lengths[position]!;
        s.insertEntry.run(firstIndex + position, terms[position], types[position], data, crcs[position]);
      }
      parameters.fill(undefined);
      return;
    }
    case 'compact':
      if (request.all) s.deleteAll.run();
      else s.deleteThrough.run(request.throughIndex);
      return;
    case 'save':
      s.saveHardState.run(request.term, request.votedFor, request.commitIndex, request.crc);
      return;
  }
}

/** Hands pages freed by a compaction back to the file system (see `SqliteConnection.reclaimFreePages`). */
function reclaimFreePages(db: Database.Database): void {
  const pageCount = db.pragma('page_count', { simple: true }) as number;
  const freePages = db.pragma('freelist_count', { simple: true }) as number;
  if (freePages < 256 || freePages * 2 < pageCount) return;
  const toRelease = freePages - Math.floor(pageCount / 4);
  if (toRelease > 0) db.pragma(`incremental_vacuum(${toRelease})`);
}

/** Commits `requests` in one transaction (one fsync); returns false if that failed and rolled back. */
function commitTogether(requests: readonly Exclude<WriteRequest, { kind: 'close' }>[]): boolean {
  const s = statements!;
  try {
    s.begin.run();
    for (const request of requests) apply(request);
    s.commit.run();
    return true;
  } catch {
    if (database!.inTransaction) s.rollback.run();
    return false;
  }
}

/** Runs one request in its own transaction; reclaims space after a compaction. */
function runAlone(request: Exclude<WriteRequest, { kind: 'close' }>): WriteResult {
  try {
    commitOrThrow(request);
    if (request.kind === 'compact') reclaimFreePages(database!);
    return { id: request.id };
  } catch (error) {
    return { id: request.id, failure: failureOf(error) };
  }
}

function commitOrThrow(request: Exclude<WriteRequest, { kind: 'close' }>): void {
  const s = statements!;
  s.begin.run();
  try {
    apply(request);
    s.commit.run();
  } catch (error) {
    if (database!.inTransaction) s.rollback.run();
    throw error;
  }
}

/**
 * Handles the requests that arrived together, in order. Writes queued back to back (a hard-state
 * save beside an append) commit in one transaction, one fsync: each stays atomic, and a crash
 * leaves all of them or none, which is "before or after" for each. If the shared transaction
 * fails, it rolled back and each write runs alone, so every failure is reported for its own write.
 */
function handle(requests: WriteRequest[]): void {
  const results: WriteResult[] = [];
  let closing: WriteRequest | undefined;
  const writes: Exclude<WriteRequest, { kind: 'close' }>[] = [];
  for (const request of requests) {
    if (request.kind === 'close') closing = request;
    else if (closing === undefined) writes.push(request);
  }
  if (database === undefined) {
    for (const request of writes) results.push({ id: request.id, failure: openFailure! });
  } else if (writes.length > 1 && commitTogether(writes)) {
    for (const request of writes) {
      if (request.kind === 'compact') {
        try {
          reclaimFreePages(database);
        } catch (error) {
          results.push({ id: request.id, failure: failureOf(error) });
          continue;
        }
      }
      results.push({ id: request.id });
    }
  } else {
    for (const request of writes) results.push(runAlone(request));
  }
  if (closing !== undefined) {
    try {
      database?.close();
      database = undefined;
      results.push({ id: closing.id });
    } catch (error) {
      results.push({ id: closing.id, failure: failureOf(error) });
    }
  }
  port.postMessage({ results });
  if (closing !== undefined) port.close();
}

// Tell the main thread the connection is open (or failed to): `SqliteWriteThread.ready`.
port.postMessage({ results: [] });

port.on('message', (first: WriteRequest) => {
  const requests = [first];
  // Everything already queued joins this transaction (group commit).
  for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) {
    requests.push(next.message as WriteRequest);
  }
  handle(requests);
});
