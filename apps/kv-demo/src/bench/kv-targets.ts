import { KvClient, type KvClientOutcome } from '../kv-client.js';
import { LocalCluster } from '../local/local-cluster.js';
import { EtcdCluster } from './etcd-cluster.js';
import { childProcessIds } from './process-cpu.js';

/** What one request came to: done, or the reason it failed (an HTTP status and code, a timeout...). */
export type KvOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** One node's client API, the same for both systems. */
export interface KvEndpoint {
  /** Writes `value` under `key`; ok once the system acknowledges it (committed, durable). */
  put(key: string, value: string): Promise<KvOutcome>;
  /** A linearizable read of `key`; ok only when the key exists. */
  get(key: string): Promise<KvOutcome>;
}

/** A running 3-node cluster under test. */
export interface KvTarget {
  readonly name: 'kv-demo' | 'etcd';
  /** One endpoint per node, in node order. */
  readonly endpoints: readonly KvEndpoint[];
  /** The node that says it leads, if any. */
  leader(): Promise<string | undefined>;
  /** The process ids of the nodes, for CPU accounting. */
  pids(): number[];
  stop(): Promise<void>;
}

/** How long a client waits for one answer before it counts the request as failed, in ms. */
const REQUEST_TIMEOUT_MS = 10_000;

/** Starts kv-demo (SQLite, synchronous=FULL: the default) through LocalCluster, one process per node. */
export async function startKvDemoTarget(options: {
  readonly root: string;
  readonly ports: readonly number[];
  readonly output: (node: string, line: string) => void;
  /** SQLite writes and fsyncs on a worker thread instead of the event loop. */
  readonly sqliteWriteOnWorkerThread?: boolean;
}): Promise<KvTarget> {
  const nodes = [0, 1, 2].map((index) => ({
    id: `n${index + 1}`,
    raftPort: options.ports[index * 3]!,
    httpPort: options.ports[index * 3 + 1]!,
    adminPort: options.ports[index * 3 + 2]!,
  }));
  const cluster = await LocalCluster.start({
    root: options.root,
    nodes,
    storage: 'sqlite',
    sqliteWriteOnWorkerThread: options.sqliteWriteOnWorkerThread ?? false,
    logLevel: 'warn',
    output: options.output,
  });
  return {
    name: 'kv-demo',
    endpoints: nodes.map((node) => kvDemoEndpoint(new KvClient(cluster.apiUrl(node.id), REQUEST_TIMEOUT_MS))),
    leader: () => cluster.leader(),
    pids: () => childProcessIds('main.js').concat(childProcessIds('main.ts')),
    stop: () => cluster.stop(),
  };
}

function kvDemoEndpoint(client: KvClient): KvEndpoint {
  const failure = (answer: KvClientOutcome<unknown>): KvOutcome =>
    answer.kind === 'refused'
      ? { ok: false, error: `${answer.status} ${answer.error}` }
      : { ok: false, error: `unknown: ${answer.kind === 'unknown' ? answer.reason : 'unexpected'}` };
  return {
    put: async (key, value) => {
      const answer = await client.put(key, value);
      return answer.kind === 'ok' ? { ok: true } : failure(answer);
    },
    get: async (key) => {
      const answer = await client.get(key);
      if (answer.kind !== 'ok') return failure(answer);
      return answer.body === undefined ? { ok: false, error: '404 not found' } : { ok: true };
    },
  };
}

/** Starts etcd (its defaults: WAL fsync on every write batch), one process per member. */
export async function startEtcdTarget(options: {
  readonly root: string;
  readonly ports: readonly number[];
  readonly binary: string;
  readonly output: (member: string, line: string) => void;
}): Promise<KvTarget> {
  const members = [0, 1, 2].map((index) => ({
    name: `e${index + 1}`,
    peerPort: options.ports[index * 2]!,
    clientPort: options.ports[index * 2 + 1]!,
  }));
  const cluster = await EtcdCluster.start({
    root: options.root,
    members,
    binary: options.binary,
    output: options.output,
  });
  return {
    name: 'etcd',
    endpoints: members.map((member) => etcdEndpoint(cluster.clientUrl(member.name))),
    leader: () => cluster.leader(),
    pids: () => cluster.pids(),
    stop: () => cluster.stop(),
  };
}

/**
 * etcd's v3 JSON gateway (grpc-gateway in front of the gRPC KV service): `POST /v3/kv/put` and
 * `POST /v3/kv/range`, keys and values base64. A range without `serializable` is linearizable.
 */
function etcdEndpoint(baseUrl: string): KvEndpoint {
  const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
  const call = async (path: string, body: unknown): Promise<{ outcome: KvOutcome; answer?: unknown }> => {
    let response: Response;
    try {
      response = await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (error) {
      return { outcome: { ok: false, error: `unknown: ${error instanceof Error ? error.message : error}` } };
    }
    let answer: unknown;
    try {
      answer = await response.json();
    } catch (error) {
      return { outcome: { ok: false, error: `unknown: unreadable answer: ${String(error)}` } };
    }
    if (!response.ok) {
      const message = (answer as { message?: unknown; error?: unknown } | null)?.message ?? 'error';
      return { outcome: { ok: false, error: `${response.status} ${String(message)}` } };
    }
    return { outcome: { ok: true }, answer };
  };
  return {
    put: async (key, value) => (await call('/v3/kv/put', { key: base64(key), value: base64(value) })).outcome,
    get: async (key) => {
      const { outcome, answer } = await call('/v3/kv/range', { key: base64(key) });
      if (!outcome.ok) return outcome;
      const kvs = (answer as { kvs?: unknown[] } | undefined)?.kvs;
      return kvs !== undefined && kvs.length > 0 ? outcome : { ok: false, error: '404 not found' };
    },
  };
}
