import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkKvLinearizability, freePorts, type KvOperation } from '@raft/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KvClient } from '../kv-client.js';
import { runRecordedWorkload } from '../test-support/recorded-workload.js';
import { LocalCluster } from './local-cluster.js';

const KEYS = 4;
let root: string;
let cluster: LocalCluster;
const lines: string[] = [];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'kv-demo-crash-'));
  const ports = await freePorts(9);
  cluster = await LocalCluster.start({
    root,
    nodes: ['n1', 'n2', 'n3'].map((id, i) => ({
      id,
      raftPort: ports[i]!,
      httpPort: ports[3 + i]!,
      adminPort: ports[6 + i]!,
    })),
    logLevel: 'warn',
    output: (id, line) => lines.push(`[${id}] ${line}`),
  });
}, 60_000);

afterAll(async () => {
  await cluster?.stop();
  rmSync(root, { recursive: true, force: true });
}, 30_000);

describe('kv-demo as separate processes on SQLite', () => {
  it('stays linearizable and loses no acknowledged write when the leader is killed -9 and restarted', async () => {
    const urls = cluster.nodes.map((node) => cluster.apiUrl(node.id));
    const acknowledged = new Map<string, string[]>();
    let crashed: string | undefined;
    const chaos = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 1200));
      crashed = await cluster.leader();
      expect(crashed).toBeDefined();
      await cluster.kill(crashed!);
      await new Promise((resolve) => setTimeout(resolve, 1500));
      await cluster.restart(crashed!);
      await new Promise((resolve) => setTimeout(resolve, 800));
    })();
    const history = await runRecordedWorkload({
      urls,
      clients: 4,
      keys: KEYS,
      until: chaos,
      onAcknowledgedPut: (key, value) => acknowledged.set(key, [...(acknowledged.get(key) ?? []), value]),
    });
    await chaos;

    // Every node, the restarted one included, answers linearizable reads; they join the history.
    const finalReads: KvOperation[] = [];
    for (const url of urls) {
      for (let k = 0; k < KEYS; k++) {
        const key = `k${k}`;
        const invokedAt = performance.now();
        const outcome = await new KvClient(url, 5000).get(key);
        expect(outcome.kind, `${url} ${key}: ${JSON.stringify(outcome)}`).toBe('ok');
        if (outcome.kind !== 'ok') continue;
        finalReads.push({
          kind: 'get',
          clientId: 'checker',
          key,
          invokedAt,
          completedAt: performance.now(),
          output: { value: outcome.body?.value },
        });
      }
    }
    const completed = history.filter((operation) => operation.completedAt !== undefined).length;
    expect(completed, 'the workload got answers before, during and after the crash').toBeGreaterThan(100);
    expect([...acknowledged.values()].flat().length).toBeGreaterThan(20);
    const result = checkKvLinearizability([...history, ...finalReads]);
    expect(result.ok, JSON.stringify(result).slice(0, 2000)).toBe(true);
  }, 60_000);
});
