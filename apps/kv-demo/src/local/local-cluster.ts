import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type LocalNodePorts, localNodeConfigYaml } from './local-node-config.js';

/** How a {@link LocalCluster} runs. */
export interface LocalClusterOptions {
  /** Holds each node's data directory and config, and the cluster secret; kept across runs. */
  readonly root: string;
  readonly nodes: readonly LocalNodePorts[];
  readonly storage?: 'sqlite' | 'lmdb';
  /** SQLite only: write and fsync on a worker thread. */
  readonly sqliteWriteOnWorkerThread?: boolean;
  readonly logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Receives every line a node prints (default: dropped). */
  readonly output?: (nodeId: string, line: string) => void;
  /** How long a node may take to report healthy (default 30 s). */
  readonly healthyTimeoutMs?: number;
}

/** What `GET /health` on a node's admin server says (the fields this module uses). */
export interface NodeHealth {
  readonly healthy: boolean;
  readonly nodeId: string;
  readonly state: string;
  readonly leaderId: string | null;
  readonly appliedIndex: number;
}

/**
 * A kv-demo cluster of separate processes on this machine, one per node: what `pnpm start` runs and
 * what the crash tests drive. Each process is `main` with its own YAML config; they talk over the
 * HTTP transport on 127.0.0.1 and keep their state in SQLite under `root`, so a node killed with
 * SIGKILL restarts from its disk.
 *
 * Run from the sources (a `.ts` file, as under vitest), it starts the nodes with tsx; from `dist`,
 * with plain node.
 */
export class LocalCluster {
  private readonly processes = new Map<string, ChildProcess>();

  private constructor(private readonly options: LocalClusterOptions) {}

  /** Writes the configs (and the secret, once), starts every node, and waits until all are healthy. */
  static async start(options: LocalClusterOptions): Promise<LocalCluster> {
    const cluster = new LocalCluster(options);
    cluster.writeConfigs();
    try {
      for (const node of options.nodes) cluster.spawnNode(node);
      await Promise.all(options.nodes.map((node) => cluster.waitHealthy(node.id)));
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get nodes(): readonly LocalNodePorts[] {
    return this.options.nodes;
  }

  /** The client API base URL of `id` (`http://127.0.0.1:port`). */
  apiUrl(id: string): string {
    return `http://127.0.0.1:${this.ports(id).httpPort}`;
  }

  /** The admin server base URL of `id`. */
  adminUrl(id: string): string {
    return `http://127.0.0.1:${this.ports(id).adminPort}`;
  }

  /** `GET /health` of `id`, or `undefined` if it does not answer. */
  async health(id: string): Promise<NodeHealth | undefined> {
    try {
      const response = await fetch(`${this.adminUrl(id)}/health`, { signal: AbortSignal.timeout(1000) });
      return (await response.json()) as NodeHealth;
    } catch {
      return undefined;
    }
  }

  /** The leader most running nodes report, if any. */
  async leader(): Promise<string | undefined> {
    const reports = await Promise.all(this.options.nodes.map((node) => this.health(node.id)));
    return reports.find((report) => report?.state === 'leader')?.nodeId;
  }

  /** Resolves once `id` reports healthy (it runs and knows a leader). */
  async waitHealthy(id: string): Promise<void> {
    const timeoutMs = this.options.healthyTimeoutMs ?? 30_000;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if ((await this.health(id))?.healthy === true) return;
      if (!this.processes.has(id)) throw new Error(`${id} exited before it was healthy`);
      if (Date.now() > deadline) throw new Error(`${id} was not healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Kills `id` with `signal` (default SIGKILL: a crash) and waits until the process is gone. */
  async kill(id: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.processes.get(id);
    if (child === undefined) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
  }

  /** Starts `id` again on its data directory and waits until it is healthy. */
  async restart(id: string): Promise<void> {
    await this.kill(id);
    this.spawnNode(this.ports(id));
    await this.waitHealthy(id);
  }

  /** Stops every node: SIGTERM (a clean stop), then SIGKILL for any still running after 10 s. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.keys()].map(async (id) => {
        const child = this.processes.get(id)!;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
  }

  private ports(id: string): LocalNodePorts {
    const ports = this.options.nodes.find((node) => node.id === id);
    if (ports === undefined) throw new Error(`no node ${id}`);
    return ports;
  }

  private configFile(id: string): string {
    return join(this.options.root, `${id}.yaml`);
  }

  private writeConfigs(): void {
    const { root, nodes } = this.options;
    mkdirSync(root, { recursive: true });
    const secretFile = join(root, 'cluster-secret');
    if (!existsSync(secretFile)) writeFileSync(secretFile, randomBytes(32).toString('hex'), { mode: 0o600 });
    for (const node of nodes) {
      const dataDir = join(root, node.id);
      mkdirSync(dataDir, { recursive: true });
      const yaml = localNodeConfigYaml({
        node,
        members: nodes,
        dataDir,
        secretFile,
        storage: this.options.storage ?? 'sqlite',
        sqliteWriteOnWorkerThread: this.options.sqliteWriteOnWorkerThread ?? false,
      });
      // Rewritten each run (ports may change); the data directories are what persists.
      if (!existsSync(this.configFile(node.id)) || readFileSync(this.configFile(node.id), 'utf8') !== yaml) {
        writeFileSync(this.configFile(node.id), yaml);
      }
    }
  }

  private spawnNode(node: LocalNodePorts): void {
    const args = [
      ...mainScript(),
      '--config',
      this.configFile(node.id),
      '--http',
      `127.0.0.1:${node.httpPort}`,
      '--log-level',
      this.options.logLevel ?? 'info',
    ];
    // From the app's directory, where its dependencies (tsx among them) resolve.
    const cwd = fileURLToPath(new URL('../..', import.meta.url));
    const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    this.processes.set(node.id, child);
    child.once('exit', () => {
      if (this.processes.get(node.id) === child) this.processes.delete(node.id);
    });
    const output = this.options.output;
    for (const stream of [child.stdout, child.stderr]) {
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => output?.(node.id, line));
    }
  }
}

/** The node arguments that run `main`: the built file, or the source through tsx. */
function mainScript(): string[] {
  const self = fileURLToPath(import.meta.url);
  if (self.endsWith('.ts')) {
    return [
      '--import',
      'tsx',
      '--conditions=@raft/source',
      fileURLToPath(new URL('../main.ts', import.meta.url)),
    ];
  }
  return [fileURLToPath(new URL('../main.js', import.meta.url))];
}
