import type { RaftConfigDefaults } from '@raft/core';
import { checkSection } from './config-checks.js';
import { parseDurationMs } from './duration.js';

/**
 * Every tuning key of `@raft/core`, by its core name. Written as a record so that a key added to
 * core's `RaftConfigDefaults` fails to compile here until the cluster layer knows it.
 */
const CORE_TUNING_KEYS = Object.keys({
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
} satisfies Record<keyof RaftConfigDefaults, true>) as (keyof RaftConfigDefaults)[];

/** The name a core key has in the `raft` section: durations drop their `Ms` suffix. */
export function raftSectionKey(coreKey: string): string {
  return coreKey.endsWith('Ms') ? coreKey.slice(0, -2) : coreKey;
}

const SECTION_KEYS = CORE_TUNING_KEYS.map(raftSectionKey);

/**
 * Checks the `raft` section's keys and turns its durations into core's `*Ms` values. The values
 * themselves are left for core's `validateConfig`, so the rules live in one place.
 */
export function validateRaftSection(value: unknown): Partial<Record<keyof RaftConfigDefaults, unknown>> {
  const section = checkSection('raft', value ?? {}, SECTION_KEYS);
  const tuning: Partial<Record<keyof RaftConfigDefaults, unknown>> = {};
  for (const coreKey of CORE_TUNING_KEYS) {
    const key = raftSectionKey(coreKey);
    const raw = section[key];
    if (raw === undefined) continue;
    tuning[coreKey] = coreKey.endsWith('Ms') ? parseDurationMs(`raft.${key}`, raw) : raw;
  }
  return tuning;
}
