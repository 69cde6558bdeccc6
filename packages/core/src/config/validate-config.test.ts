import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors/config-error.js';
import { defaultConfig, type RaftConfigInput } from './raft-config.js';
import { validateConfig } from './validate-config.js';

/** The ConfigError `validateConfig` throws for `input` (fails the test if it does not throw one). */
function configErrorFor(input: unknown): ConfigError {
  try {
    validateConfig(input as RaftConfigInput);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(input)}`);
}

describe('validateConfig', () => {
  it('rejects node ids and addresses longer than any transport carries', () => {
    const longId = 'n'.repeat(256);
    expect(configErrorFor({ nodeId: longId }).key).toBe('nodeId');
    expect(configErrorFor({ nodeId: 'a', raftAddress: 'x'.repeat(1025) }).key).toBe('raftAddress');
    expect(configErrorFor({ nodeId: 'a', initialMembers: [{ id: 'a', address: 'é'.repeat(513) }] }).key).toBe(
      'initialMembers[0].address',
    );
    expect(configErrorFor({ nodeId: 'a', initialMembers: [{ id: longId, address: 'x' }] }).key).toBe(
      'initialMembers[0].id',
    );
    // At the limits exactly: accepted.
    expect(validateConfig({ nodeId: 'n'.repeat(255), raftAddress: 'x'.repeat(1024) }).nodeId).toHaveLength(
      255,
    );
  });

  it('completes a minimal config with the defaults', () => {
    const config = validateConfig({ nodeId: 'n1' });
    expect(config).toEqual({
      ...defaultConfig(),
      nodeId: 'n1',
      raftAddress: 'n1',
      dataDir: undefined,
      initialMembers: [],
    });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('keeps every valid override', () => {
    const input: RaftConfigInput = {
      nodeId: 'n1',
      raftAddress: '10.0.0.1:7000',
      dataDir: '/var/lib/raft',
      tickIntervalMs: 5,
      heartbeatTimeoutMs: 50,
      electionTimeoutMs: 150,
      snapshotIntervalMs: 0,
      snapshotThreshold: 1,
      trailingLogs: 0,
      snapshotChunkBytes: 1024,
      learnerCatchUpEntries: 0,
      maxEntriesPerAppend: 1,
      maxBytesPerAppend: 1,
      maxInflightAppends: 1,
      maxInflightBytes: 1,
      preVote: false,
      checkQuorum: true,
      leaseReads: true,
      initialMembers: [
        { id: 'n1', address: '10.0.0.1:7000' },
        { id: 'n2', address: '10.0.0.2:7000' },
      ],
    };
    expect(validateConfig(input)).toEqual(input);
  });

  it('treats a key given as undefined as absent', () => {
    const input = { nodeId: 'n1', heartbeatTimeoutMs: undefined, raftAddress: undefined } as unknown;
    const config = validateConfig(input as RaftConfigInput);
    expect(config.heartbeatTimeoutMs).toBe(defaultConfig().heartbeatTimeoutMs);
    expect(config.raftAddress).toBe('n1');
  });

  it('copies initialMembers, so later changes to the input do not leak in', () => {
    const members = [{ id: 'n1', address: 'a1' }];
    const config = validateConfig({ nodeId: 'n1', initialMembers: members });
    members.push({ id: 'n2', address: 'a2' });
    expect(config.initialMembers).toEqual([{ id: 'n1', address: 'a1' }]);
  });

  it('rejects an input that is not an object', () => {
    expect(configErrorFor(null).key).toBe('config');
    expect(configErrorFor([]).key).toBe('config');
  });

  describe('names the key and the reason of the first problem', () => {
    // A sparse array, whose hole `map` would skip: [<empty>, { id: 'a', address: 'b' }].
    const sparseMembers: unknown[] = [];
    sparseMembers[1] = { id: 'a', address: 'b' };
    const cases: [description: string, input: Record<string, unknown>, key: string, reason: RegExp][] = [
      ['missing nodeId', {}, 'nodeId', /non-empty string/],
      ['empty nodeId', { nodeId: '' }, 'nodeId', /non-empty string, got ""/],
      ['non-string nodeId', { nodeId: 7 }, 'nodeId', /got 7/],
      ['empty raftAddress', { nodeId: 'n1', raftAddress: '' }, 'raftAddress', /non-empty string/],
      ['non-string dataDir', { nodeId: 'n1', dataDir: 3 }, 'dataDir', /non-empty string/],
      ['tickIntervalMs below 1', { nodeId: 'n1', tickIntervalMs: 0.5 }, 'tickIntervalMs', />= 1/],
      ['NaN tickIntervalMs', { nodeId: 'n1', tickIntervalMs: Number.NaN }, 'tickIntervalMs', /finite/],
      [
        'heartbeat shorter than a tick',
        { nodeId: 'n1', tickIntervalMs: 20, heartbeatTimeoutMs: 10 },
        'heartbeatTimeoutMs',
        /tickIntervalMs \(20\).*one tick/,
      ],
      [
        'string heartbeatTimeoutMs',
        { nodeId: 'n1', heartbeatTimeoutMs: '100' },
        'heartbeatTimeoutMs',
        /finite number/,
      ],
      [
        'election timeout under 3 heartbeats',
        { nodeId: 'n1', heartbeatTimeoutMs: 100, electionTimeoutMs: 299 },
        'electionTimeoutMs',
        /3 × heartbeatTimeoutMs \(300\).*several heartbeats/,
      ],
      [
        'infinite electionTimeoutMs',
        { nodeId: 'n1', electionTimeoutMs: Number.POSITIVE_INFINITY },
        'electionTimeoutMs',
        /finite/,
      ],
      ['negative snapshotIntervalMs', { nodeId: 'n1', snapshotIntervalMs: -1 }, 'snapshotIntervalMs', />= 0/],
      ['snapshotThreshold 0', { nodeId: 'n1', snapshotThreshold: 0 }, 'snapshotThreshold', />= 1/],
      [
        'fractional snapshotThreshold',
        { nodeId: 'n1', snapshotThreshold: 1.5 },
        'snapshotThreshold',
        /integer/,
      ],
      ['negative trailingLogs', { nodeId: 'n1', trailingLogs: -1 }, 'trailingLogs', />= 0/],
      [
        'snapshotChunkBytes under 1 KiB',
        { nodeId: 'n1', snapshotChunkBytes: 1023 },
        'snapshotChunkBytes',
        />= 1024/,
      ],
      [
        'negative learnerCatchUpEntries',
        { nodeId: 'n1', learnerCatchUpEntries: -1 },
        'learnerCatchUpEntries',
        />= 0/,
      ],
      ['maxEntriesPerAppend 0', { nodeId: 'n1', maxEntriesPerAppend: 0 }, 'maxEntriesPerAppend', />= 1/],
      ['maxBytesPerAppend 0', { nodeId: 'n1', maxBytesPerAppend: 0 }, 'maxBytesPerAppend', />= 1/],
      ['maxInflightAppends 0', { nodeId: 'n1', maxInflightAppends: 0 }, 'maxInflightAppends', />= 1/],
      ['maxInflightBytes 0', { nodeId: 'n1', maxInflightBytes: 0 }, 'maxInflightBytes', />= 1/],
      [
        'maxInflightBytes below maxBytesPerAppend',
        { nodeId: 'n1', maxBytesPerAppend: 2048, maxInflightBytes: 1024 },
        'maxInflightBytes',
        /maxBytesPerAppend \(2048\)/,
      ],
      ['non-boolean preVote', { nodeId: 'n1', preVote: 'yes' }, 'preVote', /boolean, got "yes"/],
      ['non-boolean checkQuorum', { nodeId: 'n1', checkQuorum: 1 }, 'checkQuorum', /boolean/],
      ['non-boolean leaseReads', { nodeId: 'n1', leaseReads: null }, 'leaseReads', /boolean, got null/],
      [
        'leaseReads without checkQuorum',
        { nodeId: 'n1', leaseReads: true, checkQuorum: false },
        'leaseReads',
        /requires checkQuorum/,
      ],
      ['initialMembers not an array', { nodeId: 'n1', initialMembers: {} }, 'initialMembers', /array/],
      ['member not an object', { nodeId: 'n1', initialMembers: ['n2'] }, 'initialMembers[0]', /id, address/],
      [
        'hole in initialMembers',
        { nodeId: 'n1', initialMembers: sparseMembers },
        'initialMembers[0]',
        /undefined/,
      ],
      [
        'member without an id',
        { nodeId: 'n1', initialMembers: [{ id: 'a', address: 'x' }, { address: 'y' }] },
        'initialMembers[1].id',
        /non-empty string/,
      ],
      [
        'member with an empty address',
        { nodeId: 'n1', initialMembers: [{ id: 'a', address: '' }] },
        'initialMembers[0].address',
        /non-empty string/,
      ],
      [
        'duplicate member ids',
        {
          nodeId: 'n1',
          initialMembers: [
            { id: 'a', address: 'x' },
            { id: 'b', address: 'y' },
            { id: 'a', address: 'z' },
          ],
        },
        'initialMembers[2].id',
        /duplicate member id "a"/,
      ],
      [
        'unknown member key',
        { nodeId: 'n1', initialMembers: [{ id: 'a', adress: 'x' }] },
        'initialMembers[0].adress',
        /^unknown key; did you mean address\?$/,
      ],
    ];

    for (const [description, input, key, reason] of cases) {
      it(description, () => {
        const error = configErrorFor(input);
        expect(error.key).toBe(key);
        expect(error.reason).toMatch(reason);
        expect(error.code).toBe('ERR_RAFT_CONFIG');
      });
    }
  });

  describe('rejects unknown keys, suggesting the closest known one', () => {
    it('suggests the key with its unit when the unit is missing', () => {
      const error = configErrorFor({ nodeId: 'n1', heartbeatTimeout: 50 });
      expect(error.key).toBe('heartbeatTimeout');
      expect(error.reason).toBe('unknown key; did you mean heartbeatTimeoutMs?');
    });

    it('suggests the key for a misspelling or a case slip', () => {
      expect(configErrorFor({ nodeId: 'n1', electonTimeoutMs: 500 }).reason).toBe(
        'unknown key; did you mean electionTimeoutMs?',
      );
      expect(configErrorFor({ nodeId: 'n1', nodeID: 'x' }).reason).toBe('unknown key; did you mean nodeId?');
    });

    it('gives no suggestion for a key unlike any known one', () => {
      const error = configErrorFor({ nodeId: 'n1', colour: 'blue' });
      expect(error.key).toBe('colour');
      expect(error.reason).toBe('unknown key');
    });

    it('checks unknown keys before anything else', () => {
      expect(configErrorFor({ nodeId: '', tickIntervalMss: 5 }).key).toBe('tickIntervalMss');
    });
  });
});
