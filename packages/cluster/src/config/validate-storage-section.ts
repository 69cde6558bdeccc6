import { ConfigError } from '@raft/core';
import type { StorageConfig, StorageEngine } from './cluster-config.js';
import {
  type ConfigRecord,
  checkBoolean,
  checkInteger,
  checkOneOf,
  checkSection,
  describeValue,
  isRecord,
  optional,
} from './config-checks.js';

/** The keys each engine takes besides `engine`. */
const ENGINE_KEYS: Readonly<Record<StorageEngine, readonly string[]>> = {
  memory: [],
  sqlite: [
    'synchronous',
    'verifyOnOpen',
    'maxSizeBytes',
    'walSizeLimitBytes',
    'writeOnWorkerThread',
    'retainSnapshots',
  ],
  lmdb: ['noSync', 'verifyOnOpen', 'commitOnWorkerThread', 'retainSnapshots'],
};

/**
 * Checks `storage`: `engine` and that engine's options. `sqlite` and `lmdb` need `node.dataDir`
 * (their files, and snapshots in `<dataDir>/snapshots`); `memory` keeps everything in memory.
 */
export function validateStorageSection(value: unknown, dataDir: string | undefined): StorageConfig {
  if (!isRecord(value)) throw new ConfigError('storage', `expected an object, got ${describeValue(value)}`);
  const engine = checkOneOf('storage.engine', value.engine, ['sqlite', 'lmdb', 'memory']);
  const section = checkEngineKeys(value, engine);
  if (engine === 'memory') return { engine };
  if (dataDir === undefined) {
    throw new ConfigError('node.dataDir', `required by storage.engine "${engine}": its files live there`);
  }
  const retainSnapshots = optional('storage.retainSnapshots', section.retainSnapshots, (key, raw) =>
    checkInteger(key, raw, 1),
  );
  const atLeast = (minimum: number) => (key: string, raw: unknown) => checkInteger(key, raw, minimum);
  if (engine === 'sqlite') {
    return {
      engine,
      dataDir,
      retainSnapshots,
      synchronous: optional('storage.synchronous', section.synchronous, (key, raw) =>
        checkOneOf(key, raw, ['full', 'normal']),
      ),
      verifyOnOpen: optional('storage.verifyOnOpen', section.verifyOnOpen, (key, raw) =>
        checkOneOf(key, raw, ['full', 'quick', 'none']),
      ),
      maxSizeBytes: optional('storage.maxSizeBytes', section.maxSizeBytes, atLeast(1)),
      walSizeLimitBytes: optional('storage.walSizeLimitBytes', section.walSizeLimitBytes, atLeast(0)),
      writeOnWorkerThread: optional('storage.writeOnWorkerThread', section.writeOnWorkerThread, checkBoolean),
    };
  }
  return {
    engine,
    dataDir,
    retainSnapshots,
    noSync: optional('storage.noSync', section.noSync, checkBoolean),
    verifyOnOpen: optional('storage.verifyOnOpen', section.verifyOnOpen, (key, raw) =>
      checkOneOf(key, raw, ['full', 'quick']),
    ),
    commitOnWorkerThread: optional(
      'storage.commitOnWorkerThread',
      section.commitOnWorkerThread,
      checkBoolean,
    ),
  };
}

/** Rejects unknown keys, saying so plainly when a key belongs to another engine. */
function checkEngineKeys(section: ConfigRecord, engine: StorageEngine): ConfigRecord {
  const known = ['engine', ...ENGINE_KEYS[engine]];
  for (const key of Object.keys(section)) {
    if (known.includes(key)) continue;
    const owners = (Object.keys(ENGINE_KEYS) as StorageEngine[]).filter((other) =>
      ENGINE_KEYS[other].includes(key),
    );
    if (owners.length > 0) {
      throw new ConfigError(
        `storage.${key}`,
        `applies to storage.engine ${owners.map((owner) => `"${owner}"`).join(' or ')} only, not "${engine}"`,
      );
    }
  }
  return checkSection('storage', section, known);
}
