import { type HardState, hardStateChecksum, type StableStore, StoreClosedError } from '@raft/core';
import { SqliteCorruptionError } from './errors/sqlite-corruption-error.js';
import type { SqliteConnection } from './sqlite-connection.js';

/**
 * A {@link StableStore} in the same SQLite database as the log: one row, replaced in one
 * transaction (so a crash leaves the old or the new state, never a mix of fields), protected by a
 * CRC-32.
 */
export class SqliteStableStore implements StableStore {
  private closed = false;

  constructor(private readonly connection: SqliteConnection) {}

  /** See {@link StableStore.load}. Throws a `SqliteCorruptionError` if the stored row fails its checksum. */
  async load(): Promise<HardState | undefined> {
    this.ensureOpen();
    const connection = this.connection;
    const row = connection.run('load hard state', () => connection.loadHardState.get());
    if (row === undefined) return undefined;
    const [term, votedFor, commitIndex, crc] = row;
    if (crc !== hardStateChecksum(term, votedFor, commitIndex)) {
      throw new SqliteCorruptionError(connection.file, 'the hard state failed its checksum');
    }
    return { term, votedFor: votedFor ?? undefined, commitIndex };
  }

  /** See {@link StableStore.save}. Durable when it resolves. */
  async save(state: HardState): Promise<void> {
    this.ensureOpen();
    const votedFor = state.votedFor ?? null;
    const connection = this.connection;
    const crc = hardStateChecksum(state.term, votedFor, state.commitIndex);
    if (connection.writer !== undefined) {
      // Saves go to the write thread in call order, which runs them in that order.
      const { term, commitIndex } = state;
      return connection.writer.write('save hard state', { kind: 'save', term, votedFor, commitIndex, crc });
    }
    connection.run('save hard state', () =>
      connection.saveHardState.run(state.term, votedFor, state.commitIndex, crc),
    );
  }

  /** Closes this store; the database closes once its log store has closed too. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.connection.release();
  }

  private ensureOpen(): void {
    if (this.closed || !this.connection.isOpen) throw new StoreClosedError('sqlite stable store');
  }
}
