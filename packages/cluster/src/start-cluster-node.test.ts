import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { findMember } from '@raft/core';
import { freePorts } from '@raft/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClusterNode } from './cluster-node.js';
import { loadClusterConfigFile } from './config/load-config-file.js';
import { adminRequest } from './discovery/admin-client.js';
import type { PeerActivityEvent } from './health/health-events.js';
import { startClusterNode } from './start-cluster-node.js';
import { command, LogStateMachine } from './test-support/log-state-machine.js';
import { createTempDir } from './test-support/temp-dir.js';
import { waitFor } from './test-support/wait-for.js';

const SECRET = 'cluster-node-test-secret-0123456789';

/** Real timers, so the timings are short but leave room for a busy 2-core machine. */
function nodeYaml(options: {
  id: string;
  raftPort: number;
  dataDir: string;
  engine: 'sqlite' | 'memory';
  membership: string;
}): string {
  return `node:
  id: ${options.id}
  raftAddress: 127.0.0.1:${options.raftPort}
  dataDir: ${options.dataDir}
raft:
  tickInterval: 5ms
  heartbeatTimeout: 25ms
  electionTimeout: 150ms
storage:
  engine: ${options.engine}
${options.engine === 'sqlite' ? '  synchronous: normal\n' : ''}transport:
  kind: http
  clusterId: cluster-test
  secret: ${SECRET}
  connectTimeout: 250ms
  requestTimeout: 2s
  backoff: { initialDelay: 10ms, maxDelay: 100ms }
${options.membership}
admin:
  listen: 127.0.0.1:0
health:
  checkInterval: 25ms
`;
}

interface RunningNode {
  readonly cluster: ClusterNode;
  readonly stateMachine: LogStateMachine;
}

describe('a cluster started from YAML files', () => {
  let dir: { path: string; remove: () => Promise<void> };
  let ports: number[];
  const nodes = new Map<string, RunningNode>();

  async function start(id: string, engine: 'sqlite' | 'memory', membership: string): Promise<RunningNode> {
    const dataDir = join(dir.path, id);
    await mkdir(dataDir);
    const file = join(dir.path, `${id}.yaml`);
    const raftPort = ports[Number(id.slice(1)) - 1]!;
    await writeFile(file, nodeYaml({ id, raftPort, dataDir, engine, membership }));
    const stateMachine = new LogStateMachine();
    const cluster = await startClusterNode(await loadClusterConfigFile(file), { stateMachine });
    const running = { cluster, stateMachine };
    nodes.set(id, running);
    return running;
  }

  function running(): RunningNode[] {
    return [...nodes.values()];
  }

  function leader(): RunningNode {
    const leaders = running().filter(({ cluster }) => cluster.node.isLeader());
    expect(leaders).toHaveLength(1);
    return leaders[0]!;
  }

  function followers(): RunningNode[] {
    return running().filter(({ cluster }) => !cluster.node.isLeader());
  }

  async function health(node: RunningNode): Promise<number> {
    return (await adminRequest(`${node.cluster.adminUrl}/health`, { method: 'GET', timeoutMs: 2000 })).status;
  }

  async function stop(id: string): Promise<void> {
    await nodes.get(id)?.cluster.stop();
    nodes.delete(id);
  }

  beforeAll(async () => {
    dir = await createTempDir('cluster');
    ports = await freePorts(4);
  });

  afterAll(async () => {
    await Promise.all([...nodes.keys()].map(stop));
    await dir.remove();
  });

  it('elects a leader and reports healthy on every node', async () => {
    const members = `members:\n${[1, 2, 3].map((n) => `  - { id: n${n}, address: 127.0.0.1:${ports[n - 1]} }`).join('\n')}`;
    await Promise.all([
      start('n1', 'sqlite', members),
      start('n2', 'sqlite', members),
      start('n3', 'memory', members),
    ]);
    await waitFor(
      () => running().filter(({ cluster }) => cluster.node.isLeader()).length === 1,
      5000,
      'one leader',
    );
    const leaderId = leader().cluster.node.status().id;
    await waitFor(
      () => running().every(({ cluster }) => cluster.node.leader() === leaderId),
      5000,
      'agreement',
    );
    expect(await Promise.all(running().map(health))).toEqual([200, 200, 200]);
    expect(existsSync(join(dir.path, 'n1', 'raft.sqlite'))).toBe(true);
    expect(existsSync(join(dir.path, 'n1', 'snapshots'))).toBe(true);
  });

  it('replicates proposals made on the leader and on a follower', async () => {
    expect(await leader().cluster.node.propose(command('a'))).toBe(1);
    expect(await followers()[0]!.cluster.node.propose(command('b'))).toBe(2);
    await waitFor(
      () => running().every(({ stateMachine }) => stateMachine.commands.join() === 'a,b'),
      5000,
      'every node to apply a,b',
    );
  });

  it("adds a fourth node that joins through a follower's admin server", async () => {
    const seed = followers()[0]!;
    const joined = await start('n4', 'memory', `join:\n  seeds: [${seed.cluster.adminUrl}]\n  timeout: 10s`);
    const membership = leader().cluster.node.status().membership;
    expect(findMember(membership, 'n4')).toEqual({ id: 'n4', address: `127.0.0.1:${ports[3]}`, voter: true });
    await leader().cluster.node.propose(command('c'));
    await waitFor(() => joined.stateMachine.commands.join() === 'a,b,c', 5000, 'n4 to catch up');
    expect(await health(joined)).toBe(200);
  });

  it('reports the stopped fourth node inactive, then removes it with DELETE /members/n4', async () => {
    const inactive: PeerActivityEvent[] = [];
    const unsubscribe = leader().cluster.health.on('peer-inactive', (event) => inactive.push(event));
    await stop('n4');
    await waitFor(() => inactive.some((event) => event.peerId === 'n4'), 5000, 'n4 to be reported inactive');
    unsubscribe();
    const via = followers()[0]!;
    const url = `${via.cluster.adminUrl}/members/n4`;
    expect((await adminRequest(url, { method: 'DELETE', timeoutMs: 5000 })).status).toBe(401);
    const removed = await adminRequest(url, { method: 'DELETE', token: SECRET, timeoutMs: 5000 });
    expect(removed.status).toBe(200);
    expect(JSON.stringify(removed.body)).not.toContain('"n4"');
    await waitFor(
      () =>
        running().every(({ cluster }) => findMember(cluster.node.status().membership, 'n4') === undefined),
      5000,
      'every node to drop n4',
    );
  });

  it('answers 503 on /health once the last node knows no leader', async () => {
    const survivor = followers()[0]!;
    const others = [...nodes].filter(([, node]) => node !== survivor).map(([id]) => id);
    await Promise.all(others.map(stop));
    await waitFor(
      () => survivor.cluster.node.leader() === undefined,
      5000,
      'the survivor to lose its leader',
    );
    expect(await health(survivor)).toBe(503);
  });
});
