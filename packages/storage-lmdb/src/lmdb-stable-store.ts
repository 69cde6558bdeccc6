import { crc32 } from 'node:zlib';
import { type HardState, type StableStore, StoreClosedError } from '@raft/core';
import { LmdbCorruptionError } from './errors/lmdb-corruption-error.js';
import type { LmdbEnvironment } from './lmdb-environment.js';

/** The key of the hard state in the `meta` database. */
const HARD_STATE_KEY = 'hard-state';

/**
 * A {@link StableStore} in the same LMDB environment as the log: one record (CRC-32 then JSON),
 * replaced in one transaction, so a crash leaves the old or the new state, never a mix.
 */
export class LmdbStableStore implements StableStore {
  private closed = false;

  constructor(private readonly environment: LmdbEnvironment) {}

  /** See {@link StableStore.load}. Throws a `LmdbCorruptionError` if the record fails its checksum. */
  async load(): Promise<HardState | undefined> {
    this.ensureOpen();
    const { meta, file } = this.environment;
    const record = this.environment.run('load hard state', () => meta.get(HARD_STATE_KEY));
    if (record === undefined) return undefined;
    const body = record.subarray(4);
    if (record.byteLength < 4 || record.readUInt32LE(0) !== crc32(body)) {
      throw new LmdbCorruptionError(file, 'the hard state failed its checksum');
    }
    const [term, votedFor, commitIndex] = JSON.parse(body.toString('utf8')) as [
      number,
      string | null,
      number,
    ];
    return { term, votedFor: votedFor ?? undefined, commitIndex };
  }

  /** See {@link StableStore.save}. Durable when it resolves. */
  async save(state: HardState): Promise<void> {
    this.ensureOpen();
    const body = Buffer.from(JSON.stringify([state.term, state.votedFor ?? null, state.commitIndex]), 'utf8');
    const record = Buffer.allocUnsafe(4 + body.byteLength);
    record.writeUInt32LE(crc32(body), 0);
    body.copy(record, 4);
    const { meta } = this.environment;
    await this.environment.write('save hard state', () => meta.putSync(HARD_STATE_KEY, record));
  }

  /** Closes this store; the environment closes once its log store has closed too. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.environment.release();
  }

  private ensureOpen(): void {
    if (this.closed || !this.environment.isOpen) throw new StoreClosedError('lmdb stable store');
  }
}
