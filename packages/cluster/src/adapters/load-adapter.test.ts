import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isRaftError, silentLogger } from '@raft/core';
import { testClusterCerts } from '@raft/testkit/conformance';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StorageConfig, TransportConfig } from '../config/cluster-config.js';
import { AdapterMissingError } from '../errors/adapter-missing-error.js';
import { createTempDir } from '../test-support/temp-dir.js';
import { loadTransportFactory } from './create-transport.js';
import { loadAdapter, type ModuleImporter } from './load-adapter.js';
import { loadStoresOpener, SNAPSHOTS_DIR_NAME } from './open-stores.js';

/** An importer that behaves as if `missing` were not installed, and imports everything else. */
function without(missing: string): ModuleImporter & { imported: string[] } {
  const imported: string[] = [];
  const importer = async (specifier: string) => {
    imported.push(specifier);
    if (specifier === missing) {
      throw Object.assign(new Error(`Cannot find package '${specifier}' imported from /app/index.js`), {
        code: 'ERR_MODULE_NOT_FOUND',
      });
    }
    return import(specifier);
  };
  return Object.assign(importer, { imported });
}

const HTTP_TRANSPORT: TransportConfig = {
  kind: 'http',
  listen: { host: '127.0.0.1', port: 0 },
  clusterId: 'test',
  secret: 'a-cluster-secret-of-32-characters',
  secretFile: undefined,
  tls: undefined,
  connectTimeoutMs: 250,
  maxBatchBytes: undefined,
  maxBatchMessages: undefined,
  maxQueuedMessages: undefined,
  backoff: undefined,
  requestTimeoutMs: 1000,
  maxBodyBytes: undefined,
  writeTimeoutMs: undefined,
  keepaliveTimeMs: undefined,
  keepaliveTimeoutMs: undefined,
  maxMessageBytes: undefined,
};

describe('loadAdapter', () => {
  it('names the package to install when it is missing', async () => {
    const error = await loadAdapter(
      '@raft/storage-lmdb',
      'storage.engine',
      without('@raft/storage-lmdb'),
    ).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AdapterMissingError);
    expect(isRaftError(error, 'ERR_RAFT_CLUSTER_ADAPTER_MISSING')).toBe(true);
    expect(error).toMatchObject({ packageName: '@raft/storage-lmdb', selectedBy: 'storage.engine' });
    expect((error as Error).message).toMatch(
      /storage\.engine needs @raft\/storage-lmdb, which is not installed/,
    );
  });

  it('rethrows other failures: a missing dependency of the adapter is not fixed by installing it', async () => {
    const broken = without('better-sqlite3');
    const importer: ModuleImporter = () => broken('better-sqlite3');
    await expect(loadAdapter('@raft/storage-sqlite', 'storage.engine', importer)).rejects.toThrow(
      /Cannot find package 'better-sqlite3'/,
    );
  });
});

describe('loadStoresOpener', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await createTempDir('stores');
  });
  afterEach(() => dir.remove());

  const sqlite = (dataDir: string): StorageConfig => ({
    engine: 'sqlite',
    dataDir,
    retainSnapshots: 1,
    synchronous: 'normal',
    verifyOnOpen: undefined,
    maxSizeBytes: undefined,
    walSizeLimitBytes: undefined,
    writeOnWorkerThread: true,
  });

  it('imports nothing for memory storage', async () => {
    const importer = without('none');
    const stores = await (await loadStoresOpener({ engine: 'memory' }, importer))();
    expect(importer.imported).toEqual([]);
    await stores.logStore.append([{ index: 1, term: 1, type: 'normal', data: new Uint8Array([1]) }]);
    await stores.close();
  });

  it('opens sqlite and file snapshots under the data dir, and closes both', async () => {
    const importer = without('none');
    const stores = await (await loadStoresOpener(sqlite(dir.path), importer))();
    expect(importer.imported).toEqual(['@raft/storage-sqlite', '@raft/snapshot-store-file']);
    expect(existsSync(join(dir.path, 'raft.sqlite'))).toBe(true);
    // `writeOnWorkerThread` reached the adapter: only that mode keeps a lock file beside the database.
    expect(existsSync(join(dir.path, 'raft.sqlite-lock'))).toBe(true);
    expect(existsSync(join(dir.path, SNAPSHOTS_DIR_NAME))).toBe(true);
    await stores.stableStore.save({ term: 2, votedFor: 'n1', commitIndex: 0 });
    await stores.close();
    const reopened = await (await loadStoresOpener(sqlite(dir.path)))();
    expect(await reopened.stableStore.load()).toEqual({ term: 2, votedFor: 'n1', commitIndex: 0 });
    await reopened.close();
  });

  it('opens lmdb when selected', async () => {
    const stores = await (
      await loadStoresOpener({
        engine: 'lmdb',
        dataDir: dir.path,
        retainSnapshots: undefined,
        noSync: true,
        verifyOnOpen: undefined,
        commitOnWorkerThread: undefined,
      })
    )();
    expect(existsSync(join(dir.path, 'raft-lmdb'))).toBe(true);
    await stores.close();
  });

  it('reports a missing adapter before opening any file', async () => {
    const error = await loadStoresOpener(sqlite(dir.path), without('@raft/snapshot-store-file')).catch(
      (caught: unknown) => caught,
    );
    expect(error).toMatchObject({
      code: 'ERR_RAFT_CLUSTER_ADAPTER_MISSING',
      packageName: '@raft/snapshot-store-file',
    });
    expect(existsSync(join(dir.path, 'raft.sqlite'))).toBe(false);
  });

  it('closes the log store when the snapshot store cannot open', async () => {
    const open = await loadStoresOpener(sqlite(dir.path));
    const { writeFile } = await import('node:fs/promises');
    await writeFile(join(dir.path, SNAPSHOTS_DIR_NAME), 'not a directory');
    await expect(open()).rejects.toMatchObject({ code: 'ERR_RAFT_FILE_SNAPSHOT_STORE_OPEN' });
    // The database was released: it opens again (a second open of a held database is refused).
    const { createSqliteStorage } = await import('@raft/storage-sqlite');
    await createSqliteStorage({ dataDir: dir.path }).close();
  });
});

describe('loadTransportFactory', () => {
  it('names @raft/transport-grpc for transport.kind grpc when it is missing', async () => {
    await expect(
      loadTransportFactory({ ...HTTP_TRANSPORT, kind: 'grpc' }, without('@raft/transport-grpc')),
    ).rejects.toMatchObject({ packageName: '@raft/transport-grpc', selectedBy: 'transport.kind' });
  });

  it('creates the selected transport with the config mapped onto its options', async () => {
    const importer = without('none');
    const create = await loadTransportFactory(HTTP_TRANSPORT, importer);
    expect(importer.imported).toEqual(['@raft/transport-http']);
    const transport = create('n1', { clusterSecret: HTTP_TRANSPORT.secret!, tls: undefined }, silentLogger);
    await transport.start(() => {});
    expect(transport.address).toMatch(/^127\.0\.0\.1:\d+$/);
    await transport.close();
  });

  it('hands TLS material to the transport, and creates a gRPC transport for kind grpc', async () => {
    const tls = {
      cert: testClusterCerts.cert,
      key: testClusterCerts.key,
      ca: testClusterCerts.ca,
      requireClientCertificate: true,
    };
    for (const kind of ['http', 'grpc'] as const) {
      const create = await loadTransportFactory({ ...HTTP_TRANSPORT, kind, requestTimeoutMs: undefined });
      const transport = create('n1', { clusterSecret: HTTP_TRANSPORT.secret!, tls }, silentLogger);
      await transport.start(() => {});
      expect(transport.address).toMatch(/^127\.0\.0\.1:\d+$/);
      await transport.close();
    }
  });
});
