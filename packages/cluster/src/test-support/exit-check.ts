// Run by clean-exit.test.ts in a child process (`node --import tsx`): starts and stops cluster
// nodes, then returns without calling process.exit. The process ends only if nothing was left
// open (a timer, a socket, a server, a database).
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isRaftError } from '@raft/core';
import { freePorts } from '@raft/testkit';
import { startClusterNode } from '../start-cluster-node.js';
import { command, LogStateMachine } from './log-state-machine.js';

const SECRET = 'exit-check-secret-0123456789';
const dataDir = process.argv[2];
if (dataDir === undefined) throw new Error('usage: exit-check <dataDir>');
const [raftPort, otherPort, closedPort] = await freePorts(3);
const timing = { tickInterval: '5ms', heartbeatTimeout: '20ms', electionTimeout: '100ms' };
const transport = { kind: 'http', secret: SECRET, connectTimeout: '100ms' } as const;

// A one-node cluster on sqlite: elect, replicate, serve the admin API over a kept-alive connection.
await mkdir(join(dataDir, 'n1'));
const single = await startClusterNode(
  {
    node: { id: 'n1', raftAddress: `127.0.0.1:${raftPort}`, dataDir: join(dataDir, 'n1') },
    raft: timing,
    storage: { engine: 'sqlite' },
    transport,
    members: [{ id: 'n1', address: `127.0.0.1:${raftPort}` }],
    admin: { listen: '127.0.0.1:0' },
  },
  { stateMachine: new LogStateMachine() },
);
const deadline = Date.now() + 5000;
while (!single.node.isLeader() && Date.now() < deadline)
  await new Promise((resolve) => setTimeout(resolve, 10));
await single.node.propose(command('x'));
const health = await fetch(`${single.adminUrl}/health`, { keepalive: true });
console.log(`health ${health.status}`);
await single.stop();

// A node whose join fails: everything it started must be released too.
try {
  await startClusterNode(
    {
      node: { id: 'n2', raftAddress: `127.0.0.1:${otherPort}` },
      raft: timing,
      storage: { engine: 'memory' },
      transport,
      join: { seeds: [`http://127.0.0.1:${closedPort}`], timeout: '300ms' },
      admin: { listen: '127.0.0.1:0' },
    },
    { stateMachine: new LogStateMachine() },
  );
} catch (error) {
  console.log(isRaftError(error, 'ERR_RAFT_CLUSTER_JOIN_TIMEOUT') ? 'join timed out' : `unexpected ${error}`);
}
console.log('stopped');
