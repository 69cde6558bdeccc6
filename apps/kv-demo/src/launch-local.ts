/**
 * `pnpm start`: runs a 3-node kv-demo cluster on this machine — three processes, SQLite storage
 * under `.data/` (kept across runs; `--fresh` starts over), the HTTP transport on 127.0.0.1 —
 * checks that it replicates, prints where everything is, and keeps running until Ctrl-C.
 *
 * Flags: --nodes 3  --data-dir .data  --raft-port 7001  --http-port 8001  --admin-port 9001
 *        --storage sqlite|lmdb  --sqlite-worker (SQLite writes on a worker thread)  --fresh
 *        --check (exit after the check instead of running on)
 */
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { KvClient } from './kv-client.js';
import { LocalCluster } from './local/local-cluster.js';

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((arg) => arg !== '--'),
    options: {
      nodes: { type: 'string', default: '3' },
      'data-dir': { type: 'string', default: '.data' },
      'raft-port': { type: 'string', default: '7001' },
      'http-port': { type: 'string', default: '8001' },
      'admin-port': { type: 'string', default: '9001' },
      storage: { type: 'string', default: 'sqlite' },
      fresh: { type: 'boolean', default: false },
      'sqlite-worker': { type: 'boolean', default: false },
      check: { type: 'boolean', default: false },
    },
  });
  const count = Number(values.nodes);
  if (!Number.isInteger(count) || count < 1 || count > 9) throw new Error('--nodes must be 1 to 9');
  if (values.storage !== 'sqlite' && values.storage !== 'lmdb')
    throw new Error('--storage must be sqlite or lmdb');
  const root = resolve(values['data-dir']);
  if (values.fresh) rmSync(root, { recursive: true, force: true });
  const nodes = Array.from({ length: count }, (_, i) => ({
    id: `n${i + 1}`,
    raftPort: Number(values['raft-port']) + i,
    httpPort: Number(values['http-port']) + i,
    adminPort: Number(values['admin-port']) + i,
  }));

  console.log(`starting ${count} kv-demo nodes (${values.storage} under ${root}) ...`);
  const cluster = await LocalCluster.start({
    root,
    nodes,
    storage: values.storage,
    sqliteWriteOnWorkerThread: values['sqlite-worker'],
    logLevel: 'warn',
    output: (id, line) => console.log(`[${id}] ${line}`),
  });
  const stop = async () => {
    console.log('stopping ...');
    await cluster.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());

  // A write on one node, read linearizably on another: the cluster replicates.
  const writer = new KvClient(cluster.apiUrl(nodes[nodes.length > 1 ? 1 : 0]!.id), 5000);
  const reader = new KvClient(cluster.apiUrl(nodes[nodes.length - 1]!.id), 5000);
  const stamp = new Date().toISOString();
  const put = await writer.put('hello', `world at ${stamp}`);
  const got = await reader.get('hello');
  if (put.kind !== 'ok' || got.kind !== 'ok' || got.body?.value !== `world at ${stamp}`) {
    console.error('self-check failed:', JSON.stringify({ put, got }));
    await cluster.stop();
    process.exit(1);
  }
  console.log(
    `\nleader: ${(await cluster.leader()) ?? 'unknown'}; self-check passed (PUT on one node, GET on another)\n`,
  );
  for (const node of nodes) {
    console.log(`  ${node.id}  api ${cluster.apiUrl(node.id)}   admin ${cluster.adminUrl(node.id)}/health`);
  }
  const api = cluster.apiUrl(nodes[0]!.id);
  console.log(`\ntry:\n  curl -X PUT --data 'blue' ${api}/kv/colour\n  curl ${api}/kv/colour`);
  console.log(`  curl -X POST --data '{"expected":"blue","value":"green"}' ${api}/kv/colour/cas`);
  console.log(`  curl ${cluster.adminUrl(nodes[0]!.id)}/health\n`);
  if (values.check) {
    await cluster.stop();
    process.exit(0);
  }
  console.log('running; Ctrl-C stops every node (their data stays under the data dir)');
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
