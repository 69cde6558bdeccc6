import { defaultConfig, type RaftConfigDefaults } from '@raft/core';
import { checkSection } from './config-checks.js';
import { parseDurationMs } from './duration.js';

/** Every tuning key of `@raft/core`, by its core name: exactly the keys that have defaults. */
const CORE_TUNING_KEYS = Object.keys(defaultConfig()) as (keyof RaftConfigDefaults)[];

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
