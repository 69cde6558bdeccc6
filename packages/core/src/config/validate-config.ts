import { ConfigError } from '../errors/config-error.js';
import { memberIdentityProblem } from '../types/membership.js';
import {
  checkBoolean,
  checkFiniteAtLeast,
  checkIntegerAtLeast,
  checkNonEmptyString,
  describeValue,
  isRecord,
  rejectUnknownKeys,
} from './config-checks.js';
import { MIN_ELECTION_TO_HEARTBEAT_RATIO } from './engine-ticks.js';
import {
  defaultConfig,
  type InitialMember,
  type RaftConfig,
  type RaftConfigDefaults,
  type RaftConfigInput,
} from './raft-config.js';

// Re-exported so that callers holding a validated config find the tick conversion next to it.
export { type EngineTicks, engineTicksFromConfig, MIN_ELECTION_TO_HEARTBEAT_RATIO } from './engine-ticks.js';

/**
 * Every key a {@link RaftConfig} has: anything else in the input is a typo. Written as a record so
 * that a key added to `RaftConfig` fails to compile here until it is validated.
 */
const CONFIG_KEYS = Object.keys({
  nodeId: true,
  raftAddress: true,
  dataDir: true,
  heartbeatTimeoutMs: true,
  electionTimeoutMs: true,
  tickIntervalMs: true,
  snapshotIntervalMs: true,
  snapshotThreshold: true,
  trailingLogs: true,
  snapshotChunkBytes: true,
  learnerCatchUpEntries: true,
  maxEntriesPerAppend: true,
  maxBytesPerAppend: true,
  maxInflightAppends: true,
  maxInflightBytes: true,
  preVote: true,
  checkQuorum: true,
  leaseReads: true,
  initialMembers: true,
} satisfies Record<keyof RaftConfig, true>);

/**
 * The smallest `snapshotChunkBytes` accepted, in bytes: below it the per-message overhead (headers,
 * one acknowledgement per chunk) dwarfs the payload and a snapshot transfer crawls.
 */
export const MIN_SNAPSHOT_CHUNK_BYTES = 1024;

const MEMBER_KEYS = Object.keys({ id: true, address: true } satisfies Record<keyof InitialMember, true>);

/**
 * Checks a caller's configuration and completes it with {@link defaultConfig}.
 *
 * Keys are checked in declaration order and the first problem throws a {@link ConfigError} naming
 * the key (`initialMembers[1].id` for a member's field) and the reason. Rules:
 * - No unknown keys (a typo would otherwise silently leave the default in place); the error
 *   suggests the closest known key.
 * - `nodeId`: a non-empty string. `raftAddress`: a non-empty string, defaulting to `nodeId`.
 *   `dataDir`: a non-empty string or absent.
 * - `tickIntervalMs >= 1`; `heartbeatTimeoutMs >= tickIntervalMs` (nothing shorter than a tick can
 *   be timed); `electionTimeoutMs >= 3 × heartbeatTimeoutMs` ({@link MIN_ELECTION_TO_HEARTBEAT_RATIO}).
 * - `snapshotIntervalMs >= 0`, where 0 turns time-based snapshots off (`snapshotThreshold` still
 *   applies); `snapshotThreshold >= 1`; `trailingLogs >= 0`; `snapshotChunkBytes >= 1024`
 *   ({@link MIN_SNAPSHOT_CHUNK_BYTES}).
 * - `maxEntriesPerAppend`, `maxBytesPerAppend`, `maxInflightAppends`: integers `>= 1`;
 *   `maxInflightBytes >= maxBytesPerAppend` (as in etcd), so a full append never fills the window.
 * - `preVote`, `checkQuorum`, `leaseReads`: booleans; `leaseReads` requires `checkQuorum`.
 * - `initialMembers`: an array of `{ id, address }` with non-empty strings and unique ids.
 *
 * A key given as `undefined` counts as absent. Times are finite numbers of ms (fractions allowed);
 * counts are integers. The result is frozen.
 */
export function validateConfig(input: RaftConfigInput): RaftConfig {
  const raw: unknown = input;
  if (!isRecord(raw)) throw new ConfigError('config', `expected an object, got ${describeValue(raw)}`);
  rejectUnknownKeys(raw, CONFIG_KEYS);
  const defaults = defaultConfig();
  const setting = (key: keyof RaftConfigDefaults): unknown =>
    raw[key] === undefined ? defaults[key] : raw[key];

  const nodeId = checkMemberIdentity('nodeId', checkNonEmptyString('nodeId', raw.nodeId));
  const raftAddress = checkMemberIdentity(
    'raftAddress',
    checkNonEmptyString('raftAddress', raw.raftAddress === undefined ? nodeId : raw.raftAddress),
    true,
  );
  const dataDir = raw.dataDir === undefined ? undefined : checkNonEmptyString('dataDir', raw.dataDir);

  const tickIntervalMs = checkFiniteAtLeast('tickIntervalMs', setting('tickIntervalMs'), 1);
  const heartbeatTimeoutMs = checkFiniteAtLeast('heartbeatTimeoutMs', setting('heartbeatTimeoutMs'), 0);
  if (heartbeatTimeoutMs < tickIntervalMs) {
    throw new ConfigError(
      'heartbeatTimeoutMs',
      `must be >= tickIntervalMs (${tickIntervalMs}), got ${heartbeatTimeoutMs}: the engine cannot time anything shorter than one tick`,
    );
  }
  const electionTimeoutMs = checkFiniteAtLeast('electionTimeoutMs', setting('electionTimeoutMs'), 0);
  const minElectionTimeoutMs = MIN_ELECTION_TO_HEARTBEAT_RATIO * heartbeatTimeoutMs;
  if (electionTimeoutMs < minElectionTimeoutMs) {
    throw new ConfigError(
      'electionTimeoutMs',
      `must be >= ${MIN_ELECTION_TO_HEARTBEAT_RATIO} × heartbeatTimeoutMs (${minElectionTimeoutMs}), got ${electionTimeoutMs}: ` +
        'followers must see several heartbeats per election timeout, or a few delayed heartbeats start a needless election',
    );
  }

  const snapshotIntervalMs = checkFiniteAtLeast('snapshotIntervalMs', setting('snapshotIntervalMs'), 0);
  const snapshotThreshold = checkIntegerAtLeast('snapshotThreshold', setting('snapshotThreshold'), 1);
  const trailingLogs = checkIntegerAtLeast('trailingLogs', setting('trailingLogs'), 0);
  const snapshotChunkBytes = checkIntegerAtLeast(
    'snapshotChunkBytes',
    setting('snapshotChunkBytes'),
    MIN_SNAPSHOT_CHUNK_BYTES,
  );
  const learnerCatchUpEntries = checkIntegerAtLeast(
    'learnerCatchUpEntries',
    setting('learnerCatchUpEntries'),
    0,
  );
  const maxEntriesPerAppend = checkIntegerAtLeast('maxEntriesPerAppend', setting('maxEntriesPerAppend'), 1);
  const maxBytesPerAppend = checkIntegerAtLeast('maxBytesPerAppend', setting('maxBytesPerAppend'), 1);
  const maxInflightAppends = checkIntegerAtLeast('maxInflightAppends', setting('maxInflightAppends'), 1);
  const maxInflightBytes = checkIntegerAtLeast('maxInflightBytes', setting('maxInflightBytes'), 1);
  if (maxInflightBytes < maxBytesPerAppend) {
    throw new ConfigError(
      'maxInflightBytes',
      `must be >= maxBytesPerAppend (${maxBytesPerAppend}), got ${maxInflightBytes}: otherwise a single full append fills the window and replication stops pipelining`,
    );
  }

  const preVote = checkBoolean('preVote', setting('preVote'));
  const checkQuorum = checkBoolean('checkQuorum', setting('checkQuorum'));
  const leaseReads = checkBoolean('leaseReads', setting('leaseReads'));
  if (leaseReads && !checkQuorum) {
    throw new ConfigError(
      'leaseReads',
      'requires checkQuorum: a leader may trust its lease only if it steps down once it loses touch with a majority (thesis §6.4.1)',
    );
  }

  const initialMembers = validateInitialMembers(raw.initialMembers);

  return Object.freeze({
    nodeId,
    raftAddress,
    dataDir,
    heartbeatTimeoutMs,
    electionTimeoutMs,
    tickIntervalMs,
    snapshotIntervalMs,
    snapshotThreshold,
    trailingLogs,
    snapshotChunkBytes,
    learnerCatchUpEntries,
    maxEntriesPerAppend,
    maxBytesPerAppend,
    maxInflightAppends,
    maxInflightBytes,
    preVote,
    checkQuorum,
    leaseReads,
    initialMembers,
  });
}

/** Checks a node id (or, with `isAddress`, an address) against the limits every transport carries. */
function checkMemberIdentity(key: string, value: string, isAddress = false): string {
  const problem = isAddress ? memberIdentityProblem('x', value) : memberIdentityProblem(value);
  if (problem !== undefined) throw new ConfigError(key, problem);
  return value;
}

/** Checks `initialMembers` (absent means none) and returns a frozen copy. */
function validateInitialMembers(value: unknown): readonly InitialMember[] {
  if (value === undefined) return Object.freeze([]);
  if (!Array.isArray(value)) {
    throw new ConfigError(
      'initialMembers',
      `expected an array of { id, address }, got ${describeValue(value)}`,
    );
  }
  const members: InitialMember[] = [];
  const seenIds = new Set<string>();
  // A counted loop, not `map`: `map` skips the holes of a sparse array instead of rejecting them.
  for (let position = 0; position < value.length; position++) {
    const key = `initialMembers[${position}]`;
    const member: unknown = value[position];
    if (!isRecord(member))
      throw new ConfigError(key, `expected { id, address }, got ${describeValue(member)}`);
    rejectUnknownKeys(member, MEMBER_KEYS, `${key}.`);
    const id = checkMemberIdentity(`${key}.id`, checkNonEmptyString(`${key}.id`, member.id));
    const address = checkMemberIdentity(
      `${key}.address`,
      checkNonEmptyString(`${key}.address`, member.address),
      true,
    );
    if (seenIds.has(id)) throw new ConfigError(`${key}.id`, `duplicate member id ${JSON.stringify(id)}`);
    seenIds.add(id);
    members.push(Object.freeze({ id, address }));
  }
  return Object.freeze(members);
}
