/**
 * The database layout. `application_id` marks a file as a Raft SQLite store; `user_version` is the
 * format version, bumped (with a migration) whenever this changes.
 */

/** `PRAGMA application_id` of every Raft SQLite store: "RAFT" in ASCII. */
export const APPLICATION_ID = 0x52414654;

/** The format this version writes and reads. */
export const SCHEMA_VERSION = 1;

/**
 * The tables. `raft_log.idx` is the rowid (an ordered 64-bit key, so range reads and prefix or
 * suffix deletes are B-tree range operations); `crc` is the entry's CRC-32 (index, term, type,
 * payload). `raft_hard_state` holds at most one row.
 */
export const CREATE_TABLES = `
  CREATE TABLE raft_log (
    idx  INTEGER PRIMARY KEY,
    term INTEGER NOT NULL,
    type INTEGER NOT NULL,
    data BLOB    NOT NULL,
    crc  INTEGER NOT NULL
  );
  CREATE TABLE raft_hard_state (
    id           INTEGER PRIMARY KEY CHECK (id = 1),
    term         INTEGER NOT NULL,
    voted_for    TEXT,
    commit_index INTEGER NOT NULL,
    crc          INTEGER NOT NULL
  );
`;
