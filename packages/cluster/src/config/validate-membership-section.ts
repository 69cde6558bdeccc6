import { ConfigError, type InitialMember } from '@raft/core';
import type { JoinConfig } from './cluster-config.js';
import { checkBoolean, checkSection, checkString, describeValue, optional } from './config-checks.js';
import { parsePositiveDurationMs } from './duration.js';
import { parseHostPort } from './host-port.js';
import type { NodeSection } from './validate-node-section.js';

/** Defaults of the `join` section. */
export const JOIN_DEFAULTS = { timeoutMs: 60_000, initialDelayMs: 200, maxDelayMs: 5_000 } as const;

/**
 * Checks `members`: a non-empty list of `{ id, address }` (`host:port`) that lists this node with
 * its own `node.raftAddress`. Duplicate ids and over-long ids are left to core's `validateConfig`.
 */
export function validateMembers(value: unknown, node: NodeSection): InitialMember[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw new ConfigError(
      'members',
      `expected a non-empty list of { id, address }, got ${describeValue(value)}`,
    );
  }
  const members: InitialMember[] = [];
  // A counted loop, not `map`: `map` skips the holes of a sparse array instead of rejecting them.
  for (let position = 0; position < value.length; position++) {
    const path = `members[${position}]`;
    const member = checkSection(path, value[position], ['id', 'address']);
    const id = checkString(`${path}.id`, member.id);
    const address = checkString(`${path}.address`, member.address);
    parseHostPort(`${path}.address`, address);
    if (id === node.id && address !== node.raftAddress) {
      throw new ConfigError(
        `${path}.address`,
        `this node's entry must carry node.raftAddress ("${node.raftAddress}"), got "${address}"`,
      );
    }
    members.push({ id, address });
  }
  if (!members.some((member) => member.id === node.id)) {
    throw new ConfigError(
      'members',
      `must list this node ("${node.id}"); a node that joins an existing cluster gives join.seeds instead`,
    );
  }
  return members;
}

/** Checks `join`: admin URLs of existing members to ask, and how long and how often to ask. */
export function validateJoinSection(value: unknown): JoinConfig {
  const section = checkSection('join', value, ['seeds', 'timeout', 'voter', 'backoff']);
  const rawSeeds = section.seeds;
  if (!Array.isArray(rawSeeds) || rawSeeds.length === 0) {
    throw new ConfigError('join.seeds', `expected a non-empty list of URLs, got ${describeValue(rawSeeds)}`);
  }
  const seeds: string[] = [];
  for (let position = 0; position < rawSeeds.length; position++) {
    seeds.push(checkSeedUrl(`join.seeds[${position}]`, rawSeeds[position]));
  }
  const backoff = checkSection('join.backoff', section.backoff ?? {}, ['initialDelay', 'maxDelay']);
  const initialDelayMs =
    optional('join.backoff.initialDelay', backoff.initialDelay, parsePositiveDurationMs) ??
    JOIN_DEFAULTS.initialDelayMs;
  const maxDelayMs =
    optional('join.backoff.maxDelay', backoff.maxDelay, parsePositiveDurationMs) ??
    Math.max(JOIN_DEFAULTS.maxDelayMs, initialDelayMs);
  if (maxDelayMs < initialDelayMs) {
    throw new ConfigError('join.backoff.maxDelay', `must be >= initialDelay (${initialDelayMs} ms)`);
  }
  return {
    seeds,
    timeoutMs: optional('join.timeout', section.timeout, parsePositiveDurationMs) ?? JOIN_DEFAULTS.timeoutMs,
    voter: optional('join.voter', section.voter, checkBoolean) ?? true,
    initialDelayMs,
    maxDelayMs,
  };
}

/** An admin server's base URL (`http://host:port`), without a trailing slash. */
function checkSeedUrl(key: string, value: unknown): string {
  const text = checkString(key, value);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(
      key,
      `expected an admin server URL such as "http://10.0.0.1:8080", got ${describeValue(value)}`,
    );
  }
  if (url.protocol !== 'http:' || url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      key,
      `expected an http:// admin server URL without query or fragment, got "${text}"`,
    );
  }
  return text.replace(/\/+$/, '');
}
