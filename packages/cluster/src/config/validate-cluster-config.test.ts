import { ConfigError, defaultConfig, isRaftError } from '@raft/core';
import { describe, expect, it } from 'vitest';
import { validateClusterConfig } from './validate-cluster-config.js';

const SECRET = 'a-cluster-secret-of-32-characters';

/** A valid config; each case below breaks one thing in a copy. */
function baseConfig(): Record<string, unknown> {
  return {
    node: { id: 'n1', raftAddress: '127.0.0.1:7001', dataDir: '/var/lib/raft' },
    raft: { heartbeatTimeout: '50ms', electionTimeout: '0.5s', snapshotThreshold: 100 },
    storage: { engine: 'sqlite', synchronous: 'full' },
    transport: { kind: 'http', secret: SECRET },
    members: [
      { id: 'n1', address: '127.0.0.1:7001' },
      { id: 'n2', address: '127.0.0.1:7002' },
    ],
    admin: { listen: '127.0.0.1:0' },
  };
}

/** `baseConfig()` with the value at `path` (dots and [n]) replaced, or deleted when `undefined`. */
function changed(path: string, value: unknown): Record<string, unknown> {
  const config = baseConfig();
  const segments = path.split(/\.|\[|\]\.?/).filter((segment) => segment !== '');
  let target = config as Record<string, unknown>;
  for (const segment of segments.slice(0, -1)) {
    target[segment] ??= {};
    target = target[segment] as Record<string, unknown>;
  }
  const last = segments.at(-1)!;
  if (value === undefined) delete target[last];
  else target[last] = value;
  return config;
}

function configError(input: unknown): ConfigError {
  try {
    validateClusterConfig(input);
  } catch (error) {
    expect(isRaftError(error, 'ERR_RAFT_CONFIG')).toBe(true);
    return error as ConfigError;
  }
  throw new Error('expected a ConfigError');
}

describe('validateClusterConfig', () => {
  it('maps durations onto core keys and completes the config with defaults', () => {
    const config = validateClusterConfig(baseConfig());
    expect(config.raft).toMatchObject({
      nodeId: 'n1',
      raftAddress: '127.0.0.1:7001',
      dataDir: '/var/lib/raft',
      heartbeatTimeoutMs: 50,
      electionTimeoutMs: 500,
      snapshotThreshold: 100,
      trailingLogs: defaultConfig().trailingLogs,
      initialMembers: [
        { id: 'n1', address: '127.0.0.1:7001' },
        { id: 'n2', address: '127.0.0.1:7002' },
      ],
    });
    expect(config.storage).toMatchObject({ engine: 'sqlite', dataDir: '/var/lib/raft', synchronous: 'full' });
    expect(config.transport).toMatchObject({
      kind: 'http',
      listen: { host: '127.0.0.1', port: 7001 },
      secret: SECRET,
    });
    expect(config.join).toBeUndefined();
    expect(config.admin).toEqual({
      listen: { host: '127.0.0.1', port: 0 },
      maxBodyBytes: 64 * 1024,
      membershipTimeoutMs: 30_000,
    });
    expect(config.health).toEqual({ maxLagEntries: 1024, checkIntervalMs: 125 });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('takes a join section instead of members, with defaults', () => {
    const input = changed('members', undefined);
    input.join = { seeds: ['http://10.0.0.1:8080/', 'http://10.0.0.2:8080'], timeout: '10s' };
    const config = validateClusterConfig(input);
    expect(config.raft.initialMembers).toEqual([]);
    expect(config.join).toEqual({
      seeds: ['http://10.0.0.1:8080', 'http://10.0.0.2:8080'],
      timeoutMs: 10_000,
      voter: true,
      initialDelayMs: 200,
      maxDelayMs: 5_000,
    });
  });

  it('takes memory storage without a data dir, and grpc options for a grpc transport', () => {
    const input = changed('node.dataDir', undefined);
    input.storage = { engine: 'memory' };
    input.transport = {
      kind: 'grpc',
      secretFile: '/etc/raft/secret',
      listen: '0.0.0.0:7001',
      keepaliveTime: '10s',
      backoff: { initialDelay: 10, maxDelay: '1s' },
      tls: { certFile: 'n1.pem', keyFile: 'n1.key', caFile: 'ca.pem', requireClientCertificate: true },
    };
    const config = validateClusterConfig(input);
    expect(config.storage).toEqual({ engine: 'memory' });
    expect(config.transport).toMatchObject({
      kind: 'grpc',
      listen: { host: '0.0.0.0', port: 7001 },
      secretFile: '/etc/raft/secret',
      keepaliveTimeMs: 10_000,
      backoff: { initialDelayMs: 10, maxDelayMs: 1000 },
      tls: { certFile: 'n1.pem', keyFile: 'n1.key', caFile: 'ca.pem', requireClientCertificate: true },
    });
  });

  // [what is wrong, the broken config, the key the error must name, what its reason says]
  const cases: [string, () => unknown, string, RegExp][] = [
    ['not an object', () => 'node: n1', 'config', /expected an object/],
    ['an unknown section', () => changed('trasport', {}), 'trasport', /did you mean transport\?/],
    ['a missing node section', () => changed('node', undefined), 'node', /expected an object/],
    ['an empty node id', () => changed('node.id', ''), 'node.id', /non-empty string/],
    [
      'a raft address without a port',
      () => changed('node.raftAddress', 'n1'),
      'node.raftAddress',
      /host:port/,
    ],
    [
      'a raft address on port 0',
      () => changed('node.raftAddress', '127.0.0.1:0'),
      'node.raftAddress',
      /from 1/,
    ],
    [
      'an unknown raft key',
      () => changed('raft.heartbeatTimeoutMs', 50),
      'raft.heartbeatTimeoutMs',
      /did you mean heartbeatTimeout\?/,
    ],
    [
      'a duration without a unit',
      () => changed('raft.electionTimeout', '2 seconds'),
      'raft.electionTimeout',
      /duration/,
    ],
    [
      'a duration core refuses',
      () => changed('raft.electionTimeout', '100ms'),
      'raft.electionTimeout',
      />= 3 × heartbeatTimeoutMs/,
    ],
    ['a count core refuses', () => changed('raft.trailingLogs', -1), 'raft.trailingLogs', /integer >= 0/],
    ['a flag core refuses', () => changed('raft.preVote', 'yes'), 'raft.preVote', /boolean/],
    [
      'a missing storage engine',
      () => changed('storage.engine', undefined),
      'storage.engine',
      /"sqlite", "lmdb", "memory"/,
    ],
    [
      'an lmdb option on sqlite',
      () => changed('storage.noSync', true),
      'storage.noSync',
      /"lmdb" only, not "sqlite"/,
    ],
    [
      'a sqlite worker-thread flag that is not a boolean',
      () => changed('storage.writeOnWorkerThread', 'yes'),
      'storage.writeOnWorkerThread',
      /boolean/,
    ],
    [
      'a bad sqlite synchronous',
      () => changed('storage.synchronous', 'off'),
      'storage.synchronous',
      /"full", "normal"/,
    ],
    [
      'a durable engine without a data dir',
      () => changed('node.dataDir', undefined),
      'node.dataDir',
      /required by storage.engine "sqlite"/,
    ],
    ['a bad transport kind', () => changed('transport.kind', 'udp'), 'transport.kind', /"http", "grpc"/],
    ['no secret', () => changed('transport.secret', undefined), 'transport.secret', /secretFile/],
    ['a short secret', () => changed('transport.secret', 'short'), 'transport.secret', /at least 16/],
    [
      'both secret and secretFile',
      () => changed('transport.secretFile', '/x'),
      'transport.secretFile',
      /not both/,
    ],
    [
      'a grpc option on http',
      () => changed('transport.keepaliveTime', '1s'),
      'transport.keepaliveTime',
      /"grpc" only/,
    ],
    [
      'TLS without a cert file',
      () => changed('transport.tls', { keyFile: 'k' }),
      'transport.tls.certFile',
      /non-empty string/,
    ],
    [
      'a misspelt TLS key',
      () => changed('transport.tls', { certFile: 'c', keyFile: 'k', cafile: 'a' }),
      'transport.tls.cafile',
      /did you mean caFile\?/,
    ],
    [
      'a zero connect timeout',
      () => changed('transport.connectTimeout', 0),
      'transport.connectTimeout',
      /positive duration/,
    ],
    [
      'a backoff that shrinks',
      () => changed('transport.backoff', { initialDelay: '1s', maxDelay: '10ms' }),
      'transport.backoff.maxDelay',
      />= initialDelay/,
    ],
    ['neither members nor join', () => changed('members', undefined), 'members', /join.seeds/],
    ['both members and join', () => changed('join', { seeds: ['http://a:1'] }), 'join', /not both/],
    ['members without this node', () => changed('members[0].id', 'n9'), 'members', /must list this node/],
    [
      'this node under another address',
      () => changed('members[0].address', '127.0.0.1:9999'),
      'members[0].address',
      /node.raftAddress/,
    ],
    [
      'a member without an address',
      () => changed('members[1].address', undefined),
      'members[1].address',
      /non-empty string/,
    ],
    ['an extra member key', () => changed('members[1].voter', true), 'members[1].voter', /unknown key/],
    [
      'duplicate member ids (core)',
      () => changed('members[1]', { id: 'n1', address: '127.0.0.1:7001' }),
      'members[1].id',
      /duplicate member id/,
    ],
    [
      'no seeds',
      () => ({ ...changed('members', undefined), join: { seeds: [] } }),
      'join.seeds',
      /non-empty list/,
    ],
    [
      'a seed that is no URL',
      () => ({ ...changed('members', undefined), join: { seeds: ['10.0.0.1:8080'] } }),
      'join.seeds[0]',
      /http:\/\//,
    ],
    [
      'an https seed',
      () => ({ ...changed('members', undefined), join: { seeds: ['https://a:1'] } }),
      'join.seeds[0]',
      /http:\/\//,
    ],
    [
      'a bad join timeout',
      () => ({ ...changed('members', undefined), join: { seeds: ['http://a:1'], timeout: 'soon' } }),
      'join.timeout',
      /duration/,
    ],
    [
      'an admin address without a port',
      () => changed('admin.listen', 'localhost'),
      'admin.listen',
      /host:port/,
    ],
    ['a zero admin body limit', () => changed('admin.maxBodyBytes', 0), 'admin.maxBodyBytes', /integer >= 1/],
    [
      'a negative lag threshold',
      () => changed('health', { maxLagEntries: -1 }),
      'health.maxLagEntries',
      /integer >= 0/,
    ],
    ['a misspelt health key', () => changed('health', { interval: '1s' }), 'health.interval', /unknown key/],
  ];

  for (const [what, input, key, reason] of cases) {
    it(`rejects ${what}, naming ${key}`, () => {
      const error = configError(input());
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.key).toBe(key);
      expect(error.reason).toMatch(reason);
      expect(error.message).toContain(key);
    });
  }
});
