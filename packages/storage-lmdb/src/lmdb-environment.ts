import type { Database, RootDatabase } from 'lmdb';
import { mapLmdbError } from './map-lmdb-error.js';

/**
 * The error behind lmdb's "Commit failed (see commitError for details)": `commitError` is a promise
 * rejected with the real failure, which would otherwise go unhandled.
 */
async function commitErrorOf(error: unknown): Promise<unknown> {
  const commitError = (error as { commitError?: unknown } | undefined)?.commitError;
  if (!(commitError instanceof Promise)) return error;
  return commitError.then(
    () => error,
    (reason: unknown) => reason,
  );
}

/**
 * The one LMDB environment a log store and a stable store share, with their two named databases.
 * It closes when both stores have closed (or the storage is closed as a whole).
 */
export class LmdbEnvironment {
  private users = 2;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    readonly root: RootDatabase,
    /** Log entries by index (ordered numeric keys), each an encoded record. */
    readonly log: Database<Buffer, number>,
    /** The hard state, under one key. */
    readonly meta: Database<Buffer, string>,
    /** The environment directory, named in every error. */
    readonly file: string,
    /** Whether commits wait for fsync (see `noSync`); when they do, writes await `flushed` too. */
    private readonly sync: boolean,
    /** Whether writes commit on lmdb's writer thread (see `commitOnWorkerThread`). */
    private readonly commitOnWorkerThread: boolean,
    private readonly onClose: () => void,
  ) {}

  /** Whether the environment is still open. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Runs synchronous `body`, turning an LMDB failure during `operation` into a typed error. */
  run<T>(operation: string, body: () => T): T {
    try {
      return body();
    } catch (error) {
      throw mapLmdbError(error, this.file, operation);
    }
  }

  /**
   * Runs `body` in one write transaction and resolves once it is committed and, unless `noSync`,
   * durable. By default the commit runs synchronously on this thread (the event loop waits for the
   * sync, as with better-sqlite3); with `commitOnWorkerThread` it runs on lmdb's writer thread.
   */
  async write(operation: string, body: () => void): Promise<void> {
    if (!this.commitOnWorkerThread) {
      // Commit (and sync) right here: no hand-off to lmdb's writer thread and back, which costs
      // more than the sync itself for small batches (see the README's measurements).
      this.run(operation, () => this.root.transactionSync(body));
      return;
    }
    try {
      await this.root.transaction(body);
      if (this.sync) await this.root.flushed;
    } catch (error) {
      throw mapLmdbError(await commitErrorOf(error), this.file, operation);
    }
  }

  /** Called by each store's `close`; closes the environment when the last user is done. */
  release(): Promise<void> {
    this.users--;
    return this.users <= 0 ? this.close() : Promise.resolve();
  }

  /** Closes the environment. Idempotent. */
  close(): Promise<void> {
    if (this.closing === undefined) {
      this.closed = true;
      this.onClose();
      this.closing = this.root.close().catch((error: unknown) => {
        throw mapLmdbError(error, this.file, 'close');
      });
    }
    return this.closing;
  }
}
