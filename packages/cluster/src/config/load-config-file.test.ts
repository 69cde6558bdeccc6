import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, isRaftError } from '@raft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigFileError } from '../errors/config-file-error.js';
import { createTempDir } from '../test-support/temp-dir.js';
import { loadClusterConfigFile, parseClusterConfigYaml } from './load-config-file.js';

const VALID = `# a three-node cluster member
node:
  id: n1
  raftAddress: 127.0.0.1:7001
  dataDir: /var/lib/raft
raft:
  heartbeatTimeout: 50ms
  electionTimeout: 1s
  snapshotInterval: 5m
  preVote: true
storage:
  engine: sqlite
  synchronous: normal
transport:
  kind: http
  secret: a-cluster-secret-of-32-characters
  connectTimeout: 2s
members:
  - { id: n1, address: 127.0.0.1:7001 }
  - { id: n2, address: 127.0.0.1:7002 }
  - { id: n3, address: 127.0.0.1:7003 }
admin:
  listen: 127.0.0.1:8001
`;

describe('loadClusterConfigFile', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await createTempDir('yaml');
  });
  afterEach(() => dir.remove());

  async function fileWith(text: string): Promise<string> {
    const file = join(dir.path, 'node.yaml');
    await writeFile(file, text);
    return file;
  }

  it('reads a YAML file into a validated config', async () => {
    const config = await loadClusterConfigFile(await fileWith(VALID));
    expect(config.raft).toMatchObject({
      nodeId: 'n1',
      heartbeatTimeoutMs: 50,
      electionTimeoutMs: 1000,
      snapshotIntervalMs: 300_000,
      preVote: true,
    });
    expect(config.raft.initialMembers.map((member) => member.id)).toEqual(['n1', 'n2', 'n3']);
    expect(config.storage).toMatchObject({ engine: 'sqlite', synchronous: 'normal' });
    expect(config.transport.connectTimeoutMs).toBe(2000);
    expect(config.admin?.listen).toEqual({ host: '127.0.0.1', port: 8001 });
  });

  it('names the file and the line of a YAML syntax error', async () => {
    const file = await fileWith(VALID.replace('  engine: sqlite', '  engine: [sqlite'));
    const error = await loadClusterConfigFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(isRaftError(error, 'ERR_RAFT_CLUSTER_CONFIG_FILE')).toBe(true);
    const { file: named, line, message } = error as ConfigFileError;
    expect(named).toBe(file);
    expect(line).toBeGreaterThanOrEqual(13);
    expect(message).toContain(`${file}:${line}:`);
  });

  it('refuses duplicate keys, naming their line', () => {
    const error = (() => {
      try {
        parseClusterConfigYaml('node:\n  id: n1\n  id: n2\n', 'dup.yaml');
      } catch (caught) {
        return caught as ConfigFileError;
      }
    })();
    expect(error).toBeInstanceOf(ConfigFileError);
    expect(error?.line).toBe(3);
  });

  it('names the key and its line for an invalid value', async () => {
    const file = await fileWith(VALID.replace('  connectTimeout: 2s', '  connectTimeout: soon'));
    const error = await loadClusterConfigFile(file).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).key).toBe('transport.connectTimeout');
    expect((error as ConfigError).reason).toContain(`(${file}:17)`);
  });

  it('points a missing key at its enclosing section, and an unknown key at itself', () => {
    const missing = () => parseClusterConfigYaml(VALID.replace('  kind: http\n', ''), 'n1.yaml');
    expect(missing).toThrow(/"transport\.kind".*\(n1\.yaml:14\)/);
    const unknown = () =>
      parseClusterConfigYaml(VALID.replace('  preVote: true', '  prevote: true'), 'n1.yaml');
    expect(unknown).toThrow(/"raft\.prevote": unknown key; did you mean preVote\? \(n1\.yaml:10\)/);
    const member = () => parseClusterConfigYaml(VALID.replace('id: n2,', 'id: "",'), 'n1.yaml');
    expect(member).toThrow(/"members\[1\]\.id".*\(n1\.yaml:20\)/);
  });

  it('rejects an empty document and an unreadable file', async () => {
    expect(() => parseClusterConfigYaml('', 'empty.yaml')).toThrow(/"config": expected an object, got null/);
    const error = await loadClusterConfigFile(join(dir.path, 'missing.yaml')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(ConfigFileError);
    expect((error as ConfigFileError).message).toMatch(/missing\.yaml: cannot read: .*ENOENT/);
  });
});
