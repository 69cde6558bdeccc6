import {
  ConfigError,
  type InitialMember,
  isRaftError,
  type RaftConfig,
  type RaftConfigInput,
  validateConfig,
} from '@raft/core';
import type { ClusterConfig, ClusterConfigInput } from './cluster-config.js';
import { checkSection, describeValue, isRecord } from './config-checks.js';
import { validateAdminSection } from './validate-admin-section.js';
import { validateHealthSection } from './validate-health-section.js';
import { validateJoinSection, validateMembers } from './validate-membership-section.js';
import { type NodeSection, validateNodeSection } from './validate-node-section.js';
import { raftSectionKey, validateRaftSection } from './validate-raft-section.js';
import { validateStorageSection } from './validate-storage-section.js';
import { validateTransportSection } from './validate-transport-section.js';

const SECTIONS = ['node', 'raft', 'storage', 'transport', 'members', 'join', 'admin', 'health'];

/** Configs this module produced: `startClusterNode` runs them without validating again. */
const validated = new WeakSet<object>();

/**
 * Checks a cluster node's configuration (an object, or a parsed YAML document) and completes it
 * with defaults. The first problem throws `ConfigError` (from `@raft/core`) whose `key` is the
 * path in this format (`transport.tls.certFile`, `members[1].id`) and whose `reason` says what is
 * wrong; unknown keys get a "did you mean" hint. The `raft` section's values, the node's identity
 * and the initial members go through core's `validateConfig`, whose errors are renamed into this
 * format. Reads no files: `secretFile` and the TLS files are read when the node starts.
 */
export function validateClusterConfig(input: ClusterConfigInput | unknown): ClusterConfig {
  if (!isRecord(input)) throw new ConfigError('config', `expected an object, got ${describeValue(input)}`);
  const root = checkSection('', input, SECTIONS);
  const node = validateNodeSection(root.node);
  const tuning = validateRaftSection(root.raft);
  const storage = validateStorageSection(root.storage, node.dataDir);
  const transport = validateTransportSection(root.transport, node.raftHostPort);
  if (root.members !== undefined && root.join !== undefined) {
    throw new ConfigError(
      'join',
      'give members (to bootstrap a new cluster) or join (to join one), not both',
    );
  }
  if (root.members === undefined && root.join === undefined) {
    throw new ConfigError(
      'members',
      'required: list the initial members (this node among them), or give join.seeds to join an existing cluster',
    );
  }
  const members = root.members === undefined ? [] : validateMembers(root.members, node);
  const join = root.join === undefined ? undefined : validateJoinSection(root.join);
  const raft = validateCoreConfig(node, tuning, members);
  const config: ClusterConfig = Object.freeze({
    raft,
    storage: Object.freeze(storage),
    transport: Object.freeze(transport),
    join: join === undefined ? undefined : Object.freeze(join),
    admin: root.admin === undefined ? undefined : Object.freeze(validateAdminSection(root.admin)),
    health: Object.freeze(validateHealthSection(root.health, raft.electionTimeoutMs)),
  });
  validated.add(config);
  return config;
}

/** Whether `value` came out of {@link validateClusterConfig}. */
export function isValidatedClusterConfig(value: unknown): value is ClusterConfig {
  return typeof value === 'object' && value !== null && validated.has(value);
}

/** Runs core's `validateConfig`, renaming the key of its `ConfigError` into this format. */
function validateCoreConfig(
  node: NodeSection,
  tuning: ReturnType<typeof validateRaftSection>,
  initialMembers: readonly InitialMember[],
): RaftConfig {
  try {
    // The tuning values are unchecked here on purpose: validateConfig checks them.
    const input = {
      nodeId: node.id,
      raftAddress: node.raftAddress,
      dataDir: node.dataDir,
      ...tuning,
      initialMembers,
    };
    return validateConfig(input as RaftConfigInput);
  } catch (error) {
    if (isRaftError(error, 'ERR_RAFT_CONFIG')) {
      const { key, reason } = error as ConfigError;
      throw new ConfigError(clusterKeyOf(key), reason);
    }
    throw error;
  }
}

/** The path in this format of a key of core's `RaftConfig`. */
function clusterKeyOf(coreKey: string): string {
  if (coreKey === 'nodeId') return 'node.id';
  if (coreKey === 'raftAddress' || coreKey === 'dataDir') return `node.${coreKey}`;
  if (coreKey.startsWith('initialMembers')) return `members${coreKey.slice('initialMembers'.length)}`;
  return `raft.${raftSectionKey(coreKey)}`;
}
