import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ConfigError } from '@raft/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TransportConfig } from '../config/cluster-config.js';
import { validateClusterConfig } from '../config/validate-cluster-config.js';
import { createTempDir } from '../test-support/temp-dir.js';
import { readTransportCredentials } from './read-credentials.js';

/** The test-only certificates `@raft/testkit` ships. */
const certPath = (name: string) => createRequire(import.meta.url).resolve(`@raft/testkit/certs/${name}`);

function transportConfig(transport: Record<string, unknown>): TransportConfig {
  return validateClusterConfig({
    node: { id: 'n1', raftAddress: '127.0.0.1:7001' },
    storage: { engine: 'memory' },
    transport: { kind: 'http', ...transport },
    members: [{ id: 'n1', address: '127.0.0.1:7001' }],
  }).transport;
}

describe('readTransportCredentials', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await createTempDir('credentials');
  });
  afterEach(() => dir.remove());

  it('takes the secret inline, or from a file without its final newline', async () => {
    expect(await readTransportCredentials(transportConfig({ secret: 'inline-secret-0123456789' }))).toEqual({
      clusterSecret: 'inline-secret-0123456789',
      tls: undefined,
    });
    const secretFile = join(dir.path, 'secret');
    await writeFile(secretFile, 'file-secret-0123456789\n');
    const credentials = await readTransportCredentials(transportConfig({ secretFile }));
    expect(credentials.clusterSecret).toBe('file-secret-0123456789');
  });

  it('names secretFile when it is missing or too short', async () => {
    const secretFile = join(dir.path, 'secret');
    await expect(readTransportCredentials(transportConfig({ secretFile }))).rejects.toMatchObject({
      key: 'transport.secretFile',
      reason: expect.stringMatching(/cannot read .*ENOENT/),
    });
    await writeFile(secretFile, 'short\n');
    await expect(readTransportCredentials(transportConfig({ secretFile }))).rejects.toThrow(ConfigError);
    await expect(readTransportCredentials(transportConfig({ secretFile }))).rejects.toMatchObject({
      reason: expect.stringMatching(/at least 16 characters/),
    });
  });

  it('reads the TLS files, naming the key of one that is missing', async () => {
    const tls = {
      certFile: certPath('cluster-node.pem'),
      keyFile: certPath('cluster-node.key'),
      caFile: certPath('cluster-ca.pem'),
      requireClientCertificate: true,
    };
    const credentials = await readTransportCredentials(
      transportConfig({ secret: 'inline-secret-0123456789', tls }),
    );
    expect(credentials.tls?.cert).toContain('BEGIN CERTIFICATE');
    expect(credentials.tls?.key).toContain('PRIVATE KEY');
    expect(credentials.tls?.ca).toContain('BEGIN CERTIFICATE');
    expect(credentials.tls?.requireClientCertificate).toBe(true);
    const broken = { ...tls, keyFile: join(dir.path, 'absent.key') };
    await expect(
      readTransportCredentials(transportConfig({ secret: 'inline-secret-0123456789', tls: broken })),
    ).rejects.toMatchObject({ key: 'transport.tls.keyFile' });
  });
});
