import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

/** Where one etcd member listens. */
export interface EtcdMemberPorts {
  readonly name: string;
  readonly peerPort: number;
  readonly clientPort: number;
}

/** How an {@link EtcdCluster} runs. */
export interface EtcdClusterOptions {
  /** Holds one data directory per member. */
  readonly root: string;
  readonly members: readonly EtcdMemberPorts[];
  /** The etcd executable (default `etcd`, looked up on the PATH). */
  readonly binary?: string;
  /** Receives every line a member prints (default: dropped). */
  readonly output?: (name: string, line: string) => void;
  /** How long the members may take to report healthy (default 30 s). */
  readonly healthyTimeoutMs?: number;
}

/** The etcd executable found on this machine. */
export interface EtcdBinary {
  readonly path: string;
  /** `3.4.23`, as `etcd --version` prints it. */
  readonly version: string;
}

/**
 * A 3.x etcd cluster of separate processes on this machine, one per member, each with its own data
 * directory under `root` and etcd's defaults otherwise (WAL fsynced before a write is acknowledged,
 * 100 ms heartbeat, 1 s election timeout: the same timings as kv-demo's local config). Clients talk
 * to the v3 JSON gateway on each member's client URL.
 */
export class EtcdCluster {
  private readonly processes = new Map<string, ChildProcess>();

  private constructor(
    private readonly options: EtcdClusterOptions,
    private readonly binary: string,
  ) {}

  /** `etcd --version` of `binary`, or `undefined` when it is not installed. */
  static find(binary = 'etcd'): EtcdBinary | undefined {
    const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
    if (result.error !== undefined || result.status !== 0) return undefined;
    const version = /etcd Version:\s*(\S+)/.exec(result.stdout)?.[1] ?? 'unknown';
    return { path: binary, version };
  }

  /** Starts every member (a new cluster with a unique token) and waits until all are healthy. */
  static async start(options: EtcdClusterOptions): Promise<EtcdCluster> {
    const cluster = new EtcdCluster(options, options.binary ?? 'etcd');
    const token = `kv-bench-${randomBytes(6).toString('hex')}`;
    try {
      for (const member of options.members) cluster.spawnMember(member, token);
      await cluster.waitHealthy(options.healthyTimeoutMs ?? 30_000);
    } catch (error) {
      await cluster.stop();
      throw error;
    }
    return cluster;
  }

  get members(): readonly EtcdMemberPorts[] {
    return this.options.members;
  }

  /** The client URL of member `name` (`http://127.0.0.1:port`). */
  clientUrl(name: string): string {
    const member = this.options.members.find((candidate) => candidate.name === name);
    if (member === undefined) throw new Error(`no etcd member ${name}`);
    return `http://127.0.0.1:${member.clientPort}`;
  }

  /** The process ids of the running members. */
  pids(): number[] {
    return [...this.processes.values()].flatMap((child) => (child.pid === undefined ? [] : [child.pid]));
  }

  /** The name of the member that says it is the leader, if any answers so. */
  async leader(): Promise<string | undefined> {
    const statuses = await Promise.all(
      this.options.members.map(async (member) => ({
        name: member.name,
        status: await this.status(member.name),
      })),
    );
    for (const { name, status } of statuses) {
      if (status !== undefined && status.leader !== undefined && status.leader === status.header?.member_id)
        return name;
    }
    return undefined;
  }

  /** Stops every member: SIGTERM, then SIGKILL for any still running after 10 s. */
  async stop(): Promise<void> {
    await Promise.all(
      [...this.processes.values()].map(async (child) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    this.processes.clear();
  }

  /** `POST /v3/maintenance/status` of one member (ids are uint64 as decimal strings). */
  private async status(
    name: string,
  ): Promise<{ header?: { member_id?: string }; leader?: string } | undefined> {
    try {
      const response = await fetch(`${this.clientUrl(name)}/v3/maintenance/status`, {
        method: 'POST',
        body: '{}',
        signal: AbortSignal.timeout(1000),
      });
      if (!response.ok) return undefined;
      return (await response.json()) as { header?: { member_id?: string }; leader?: string };
    } catch {
      return undefined;
    }
  }

  private async waitHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      for (const member of this.options.members) {
        if (!this.processes.has(member.name))
          throw new Error(`etcd ${member.name} exited before it was healthy`);
      }
      const healthy = await Promise.all(this.options.members.map((member) => this.healthy(member.name)));
      if (healthy.every(Boolean) && (await this.leader()) !== undefined) return;
      if (Date.now() > deadline) throw new Error(`etcd was not healthy within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** `GET /health` says `{"health":"true"}` once the member is up and has a leader. */
  private async healthy(name: string): Promise<boolean> {
    try {
      const response = await fetch(`${this.clientUrl(name)}/health`, { signal: AbortSignal.timeout(1000) });
      const body = (await response.json()) as { health?: unknown };
      return response.ok && (body.health === 'true' || body.health === true);
    } catch {
      return false;
    }
  }

  private spawnMember(member: EtcdMemberPorts, token: string): void {
    const peerUrl = (ports: EtcdMemberPorts) => `http://127.0.0.1:${ports.peerPort}`;
    const clientUrl = `http://127.0.0.1:${member.clientPort}`;
    const dataDir = join(this.options.root, member.name);
    mkdirSync(dataDir, { recursive: true, mode: 0o700 });
    const args = [
      `--name=${member.name}`,
      `--data-dir=${dataDir}`,
      `--listen-peer-urls=${peerUrl(member)}`,
      `--initial-advertise-peer-urls=${peerUrl(member)}`,
      `--listen-client-urls=${clientUrl}`,
      `--advertise-client-urls=${clientUrl}`,
      `--initial-cluster=${this.options.members.map((peer) => `${peer.name}=${peerUrl(peer)}`).join(',')}`,
      '--initial-cluster-state=new',
      `--initial-cluster-token=${token}`,
      '--logger=zap',
      '--log-level=warn',
      '--log-outputs=stderr',
    ];
    const child = spawn(this.binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    this.processes.set(member.name, child);
    child.once('error', () => this.processes.delete(member.name));
    child.once('exit', () => {
      if (this.processes.get(member.name) === child) this.processes.delete(member.name);
    });
    const output = this.options.output;
    for (const stream of [child.stdout, child.stderr]) {
      const lines = createInterface({ input: stream });
      lines.on('line', (line) => output?.(member.name, line));
    }
  }
}
