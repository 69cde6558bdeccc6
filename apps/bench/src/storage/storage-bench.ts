// Storage benchmark (not a test): durable append throughput and latency of @raft/storage-sqlite and
// @raft/storage-lmdb next to a raw floor measured in the same run (plain file append + fsync), and
// the store size under a long append + compact workload. See README.md.
import {
  closeSync,
  fdatasyncSync,
  fsyncSync,
  mkdtempSync,
  openSync,
  readdirSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Entry, LogStore } from '@raft/core';
import { createLmdbStorage } from '@raft/storage-lmdb';
import { createSqliteStorage } from '@raft/storage-sqlite';
import { formatTable } from '../format-table.js';
import { LatencyHistogram } from '../latency-histogram.js';

const { values } = parseArgs({
  options: {
    'entry-bytes': { type: 'string', default: '256' },
    'single-appends': { type: 'string', default: '2000' },
    'batch-appends': { type: 'string', default: '300' },
    'batch-size': { type: 'string', default: '100' },
    'space-entries': { type: 'string', default: '1000000' },
    'space-batch': { type: 'string', default: '100' },
    'compact-every': { type: 'string', default: '10000' },
    'trailing-entries': { type: 'string', default: '1000' },
    dir: { type: 'string', default: tmpdir() },
    'skip-space': { type: 'boolean', default: false },
  },
  // `pnpm bench:storage -- --flag` passes a literal `--` through: drop it, or parseArgs would stop there.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
});
const entryBytes = Number(values['entry-bytes']);
const singleAppends = Number(values['single-appends']);
const batchAppends = Number(values['batch-appends']);
const batchSize = Number(values['batch-size']);

/** One measured configuration. */
interface Result {
  readonly name: string;
  readonly batchSize: number;
  readonly entriesPerSecond: number;
  readonly latency: LatencyHistogram;
}

/** The entries `from..from+count-1` with `entryBytes`-byte payloads. */
function makeBatch(from: number, count: number, term = 1): Entry[] {
  const entries: Entry[] = [];
  for (let offset = 0; offset < count; offset++) {
    const data = new Uint8Array(entryBytes);
    data.fill((from + offset) & 0xff);
    entries.push({ index: from + offset, term, type: 'normal', data });
  }
  return entries;
}

/** Times `operations` calls of `run`; the first tenth (at least 10) are a warm-up, not counted. */
async function measure(
  name: string,
  size: number,
  operations: number,
  run: (operation: number) => void | Promise<void>,
): Promise<Result> {
  const warmup = Math.max(10, Math.floor(operations / 10));
  for (let operation = 0; operation < warmup; operation++) await run(operation);
  const latency = new LatencyHistogram();
  const started = performance.now();
  for (let operation = warmup; operation < warmup + operations; operation++) {
    const before = performance.now();
    await run(operation);
    latency.record(performance.now() - before);
  }
  const seconds = (performance.now() - started) / 1000;
  return {
    name,
    batchSize: size,
    entriesPerSecond: (operations * size) / seconds,
    latency,
  };
}

/** The raw floor: one `writeSync` of the batch's bytes (24 bytes of framing per entry) then `fsyncSync`. */
async function rawFloor(directory: string, size: number, operations: number): Promise<Result> {
  const descriptor = openSync(join(directory, `raw-${size}.log`), 'a');
  const buffer = Buffer.alloc(size * (entryBytes + 24), 7);
  try {
    return await measure('raw file append + fsync', size, operations, () => {
      writeSync(descriptor, buffer);
      fsyncSync(descriptor);
    });
  } finally {
    closeSync(descriptor);
  }
}

/**
 * A tighter floor, for reference: overwriting a preallocated file in place with `fdatasync`, which
 * (like SQLite's WAL and LMDB's pages once allocated) does not grow the file on every write.
 */
async function rawOverwriteFloor(directory: string, size: number, operations: number): Promise<Result> {
  const descriptor = openSync(join(directory, `raw-overwrite-${size}.log`), 'w+');
  const buffer = Buffer.alloc(size * (entryBytes + 24), 7);
  const slots = 1024;
  try {
    for (let slot = 0; slot < slots; slot++)
      writeSync(descriptor, buffer, 0, buffer.byteLength, slot * buffer.byteLength);
    fsyncSync(descriptor);
    return await measure('raw preallocated overwrite + fdatasync', size, operations, (operation) => {
      writeSync(descriptor, buffer, 0, buffer.byteLength, (operation % slots) * buffer.byteLength);
      fdatasyncSync(descriptor);
    });
  } finally {
    closeSync(descriptor);
  }
}

/** Durable appends of `size`-entry batches to a fresh log store. */
async function storeAppends(
  name: string,
  logStore: LogStore,
  size: number,
  operations: number,
): Promise<Result> {
  const warmup = Math.max(10, Math.floor(operations / 10));
  const batches = Array.from({ length: warmup + operations }, (_, operation) =>
    makeBatch(1 + operation * size, size),
  );
  return measure(name, size, operations, (operation) => logStore.append(batches[operation]!));
}

/** Bytes of every file in `directory`. */
function directoryBytes(directory: string): number {
  return readdirSync(directory).reduce((sum, name) => sum + statSync(join(directory, name)).size, 0);
}

/** Appends `total` entries in batches, compacting every `compactEvery`; returns the peak and final size. */
async function spaceRun(
  logStore: LogStore,
  close: () => Promise<void>,
  sizeOf: () => number,
): Promise<{ peakBytes: number; finalBytes: number; seconds: number }> {
  const total = Number(values['space-entries']);
  const batch = Number(values['space-batch']);
  const compactEvery = Number(values['compact-every']);
  const trailing = Number(values['trailing-entries']);
  let peakBytes = 0;
  const started = performance.now();
  for (let next = 1; next <= total; next += batch) {
    await logStore.append(makeBatch(next, batch));
    const last = next + batch - 1;
    if (last % compactEvery === 0) {
      await logStore.compact(last - trailing);
      peakBytes = Math.max(peakBytes, sizeOf());
    }
  }
  const seconds = (performance.now() - started) / 1000;
  await close();
  return { peakBytes, finalBytes: sizeOf(), seconds };
}

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;

async function main(): Promise<void> {
  const root = mkdtempSync(join(values.dir, 'raft-bench-storage-'));
  try {
    console.log(`raft storage bench: ${entryBytes}-byte entries, directory ${root}`);
    console.log(`node ${process.version}, ${process.platform}/${process.arch}\n`);
    const results: Result[] = [];
    for (const [size, operations] of [
      [1, singleAppends],
      [batchSize, batchAppends],
    ] as const) {
      results.push(await rawFloor(root, size, operations));
      results.push(await rawOverwriteFloor(root, size, operations));
      const sqliteDir = mkdtempSync(join(root, 'sqlite-'));
      const sqlite = createSqliteStorage({ dataDir: sqliteDir });
      results.push(await storeAppends('sqlite (WAL, synchronous=FULL)', sqlite.logStore, size, operations));
      await sqlite.close();
      const sqliteWorkerDir = mkdtempSync(join(root, 'sqlite-worker-'));
      const sqliteWorker = createSqliteStorage({ dataDir: sqliteWorkerDir, writeOnWorkerThread: true });
      results.push(
        await storeAppends('sqlite (writeOnWorkerThread)', sqliteWorker.logStore, size, operations),
      );
      await sqliteWorker.close();
      const lmdbDir = mkdtempSync(join(root, 'lmdb-'));
      const lmdb = createLmdbStorage({ dataDir: lmdbDir });
      results.push(await storeAppends('lmdb (sync commits)', lmdb.logStore, size, operations));
      await lmdb.close();
      const lmdbWorkerDir = mkdtempSync(join(root, 'lmdb-worker-'));
      const lmdbWorker = createLmdbStorage({ dataDir: lmdbWorkerDir, commitOnWorkerThread: true });
      results.push(await storeAppends('lmdb (commitOnWorkerThread)', lmdbWorker.logStore, size, operations));
      await lmdbWorker.close();
    }
    const rows = results.map((result) => {
      const floor = results.find(
        (other) => other.batchSize === result.batchSize && other.name.startsWith('raw file'),
      )!;
      return [
        result.name,
        String(result.batchSize),
        result.entriesPerSecond.toFixed(0),
        result.latency.percentile(50).toFixed(3),
        result.latency.percentile(99).toFixed(3),
        result.latency.max().toFixed(3),
        `${((100 * result.entriesPerSecond) / floor.entriesPerSecond).toFixed(0)}%`,
        // Throughput at median latency: robust to the tail spikes of a shared, noisy disk.
        `${((100 * floor.latency.percentile(50)) / result.latency.percentile(50)).toFixed(0)}%`,
      ];
    });
    console.log(
      formatTable(
        ['store', 'entries/append', 'entries/s', 'p50 ms', 'p99 ms', 'max ms', 'of raw floor', 'at p50'],
        rows,
      ),
    );

    if (!values['skip-space']) {
      console.log(
        `\nstore size: ${values['space-entries']} entries appended in batches of ${values['space-batch']}, ` +
          `compacting every ${values['compact-every']} (keeping the last ${values['trailing-entries']})`,
      );
      const spaceRows: string[][] = [];
      const sqliteDir = mkdtempSync(join(root, 'sqlite-space-'));
      const sqlite = createSqliteStorage({ dataDir: sqliteDir });
      const sqliteSpace = await spaceRun(
        sqlite.logStore,
        () => sqlite.close(),
        () => directoryBytes(sqliteDir),
      );
      spaceRows.push([
        'sqlite',
        mib(sqliteSpace.peakBytes),
        mib(sqliteSpace.finalBytes),
        sqliteSpace.seconds.toFixed(1),
      ]);
      const lmdbDir = mkdtempSync(join(root, 'lmdb-space-'));
      const lmdb = createLmdbStorage({ dataDir: lmdbDir });
      const lmdbSpace = await spaceRun(
        lmdb.logStore,
        () => lmdb.close(),
        () => directoryBytes(join(lmdb.path)),
      );
      spaceRows.push([
        'lmdb',
        mib(lmdbSpace.peakBytes),
        mib(lmdbSpace.finalBytes),
        lmdbSpace.seconds.toFixed(1),
      ]);
      const appended = Number(values['space-entries']) * (entryBytes + 24);
      console.log(`(payload + framing appended in total: ${mib(appended)})`);
      console.log(formatTable(['store', 'peak size', 'size after close', 'seconds'], spaceRows));
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

await main();
