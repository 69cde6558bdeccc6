import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { type Entry, entryChecksum, entryTypeCode } from '@raft/core';
import { SqliteIoError } from './errors/sqlite-io-error.js';
import { mapSqliteError } from './map-sqlite-error.js';
import type { WriteRequest, WriteResponse, WriteThreadSettings } from './write-messages.js';

/** A request without its id (the write thread numbers them). */
type Unnumbered<Request> = Request extends unknown ? Omit<Request, 'id'> : never;

interface Pending {
  readonly operation: string;
  resolve(): void;
  reject(error: Error): void;
}

/** How long `close` waits for the thread to finish its queue and exit before terminating it. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * The main thread's side of `writeOnWorkerThread`: a worker thread with its own connection that
 * runs the writes in the order they were sent and answers each once its transaction committed.
 *
 * The worker is unreferenced while no write is pending, so an idle storage never keeps the process
 * alive (like the synchronous mode). If the thread dies, every pending and later write rejects with
 * a `SqliteIoError` (never hangs).
 */
export class SqliteWriteThread {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  /** Set once the thread exited: why later writes fail. */
  private exitedWith: Error | undefined;
  private readonly exited: Promise<void>;
  /** Resolves once the thread has started and opened its connection (or exited). Tests only. */
  readonly ready: Promise<void>;

  constructor(
    settings: WriteThreadSettings,
    /** The database file, named in every error. */
    private readonly file: string,
  ) {
    this.worker = startWorker(settings);
    this.worker.unref();
    let started!: () => void;
    this.ready = new Promise((resolve) => {
      started = resolve;
    });
    this.worker.on('message', (response: WriteResponse) => {
      started();
      this.settle(response);
    });
    let crash: unknown;
    this.worker.on('error', (error) => {
      crash = error;
    });
    this.exited = new Promise((resolve) => {
      this.worker.once('exit', (exitCode) => {
        this.exitedWith = new Error(`the SQLite write thread exited (code ${exitCode})`, { cause: crash });
        started();
        for (const [id, pending] of this.pending) {
          this.pending.delete(id);
          pending.reject(new SqliteIoError(file, pending.operation, undefined, { cause: this.exitedWith }));
        }
        resolve();
      });
    });
  }

  /** Sends `request` (transferring `transfer`); resolves once it committed, rejects with a typed error. */
  write(operation: string, request: Unnumbered<WriteRequest>, transfer: ArrayBuffer[] = []): Promise<void> {
    if (this.exitedWith !== undefined) {
      return Promise.reject(new SqliteIoError(this.file, operation, undefined, { cause: this.exitedWith }));
    }
    const id = this.nextId++;
    return new Promise<void>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(id, { operation, resolve, reject });
      this.worker.postMessage({ ...request, id }, transfer);
    });
  }

  /** Lets every queued write finish, closes the thread's connection and waits for it to exit. */
  async close(): Promise<void> {
    if (this.exitedWith === undefined) {
      const closed = this.write('close', { kind: 'close' }).catch(() => undefined);
      const timer = setTimeout(() => void this.worker.terminate(), CLOSE_TIMEOUT_MS);
      await closed;
      await this.exited;
      clearTimeout(timer);
    }
  }

  /** Ends the thread at once, as if it crashed (tests). */
  async terminate(): Promise<void> {
    await this.worker.terminate();
    await this.exited;
  }

  private settle(response: WriteResponse): void {
    for (const result of response.results) {
      const pending = this.pending.get(result.id);
      if (pending === undefined) continue;
      this.pending.delete(result.id);
      if (result.failure === undefined) pending.resolve();
      else {
        const raw = Object.assign(new Error(result.failure.message), { code: result.failure.code });
        pending.reject(mapSqliteError(raw, this.file, pending.operation));
      }
    }
    if (this.pending.size === 0 && this.exitedWith === undefined) this.worker.unref();
  }
}

/**
 * Starts the worker: the compiled `.js` next to this file, or, when running from the TypeScript
 * sources (tests, the `@raft/source` condition), the `.ts` file loaded through tsx's API (an
 * `--import tsx` in a worker's `execArgv` does not take effect on Node 20).
 */
function startWorker(settings: WriteThreadSettings): Worker {
  if (!import.meta.url.endsWith('.ts')) {
    return new Worker(new URL('./sqlite-write-worker.js', import.meta.url), { workerData: settings });
  }
  const script = new URL('./sqlite-write-worker.ts', import.meta.url).href;
  // require.resolve picks the CommonJS build; its ESM sibling is what a dynamic import wants.
  const api = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const bootstrap = `import(${JSON.stringify(api)}).then((tsx) => tsx.tsImport(${JSON.stringify(script)}, ${JSON.stringify(script)}))`;
  return new Worker(bootstrap, { eval: true, workerData: settings });
}

/**
 * Encodes an append batch into one `ArrayBuffer` to transfer to the write thread (layout in
 * `AppendRequest`): one copy of the payloads and no per-entry structured clone. The CRC-32s are
 * computed here, with `@raft/core`'s `entryChecksum`, so the worker needs no workspace code.
 */
export function encodeEntryBatch(entries: readonly Entry[]): ArrayBuffer {
  const count = entries.length;
  let payloadBytes = 0;
  for (const entry of entries) payloadBytes += entry.data.byteLength;
  const buffer = new ArrayBuffer(17 * count + payloadBytes);
  const terms = new Float64Array(buffer, 0, count);
  const crcs = new Uint32Array(buffer, 8 * count, count);
  const lengths = new Uint32Array(buffer, 12 * count, count);
  const types = new Uint8Array(buffer, 16 * count, count);
  const bytes = new Uint8Array(buffer);
  let offset = 17 * count;
  for (let position = 0; position < count; position++) {
    const entry = entries[position]!;
    const type = entryTypeCode(entry.type);
    terms[position] = entry.term;
    crcs[position] = entryChecksum(entry.index, entry.term, type, entry.data);
    lengths[position] = entry.data.byteLength;
    types[position] = type;
    bytes.set(entry.data, offset);
    offset += entry.data.byteLength;
  }
  return buffer;
}
