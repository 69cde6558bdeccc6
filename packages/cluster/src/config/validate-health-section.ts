import type { HealthConfig } from './cluster-config.js';
import { checkInteger, checkSection, optional } from './config-checks.js';
import { parsePositiveDurationMs } from './duration.js';

/** The default of `health.maxLagEntries`: the default `raft.learnerCatchUpEntries`. */
export const DEFAULT_MAX_LAG_ENTRIES = 1024;

/**
 * Checks `health`: how far behind (in entries) a peer may fall before it counts as lagging, and
 * how often the leader samples its peers (default: a quarter of the election timeout, so a peer
 * that answers every heartbeat is always seen active within one election timeout).
 */
export function validateHealthSection(value: unknown, electionTimeoutMs: number): HealthConfig {
  const section = checkSection('health', value ?? {}, ['maxLagEntries', 'checkInterval']);
  return {
    maxLagEntries:
      optional('health.maxLagEntries', section.maxLagEntries, (key, raw) => checkInteger(key, raw, 0)) ??
      DEFAULT_MAX_LAG_ENTRIES,
    checkIntervalMs:
      optional('health.checkInterval', section.checkInterval, parsePositiveDurationMs) ??
      electionTimeoutMs / 4,
  };
}
