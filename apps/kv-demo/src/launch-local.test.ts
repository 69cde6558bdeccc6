import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToExit } from '@raft/testkit';
import { afterAll, describe, expect, it } from 'vitest';

/** A base port whose next `count - 1` ports were free too a moment ago (the launcher takes ranges). */
async function freeRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const base = 20_000 + Math.floor(Math.random() * 30_000);
    const servers = [];
    try {
      for (let port = base; port < base + count; port++) {
        const server = createServer();
        servers.push(server);
        await new Promise<void>((resolve, reject) => {
          server.once('error', reject);
          server.listen(port, '127.0.0.1', resolve);
        });
      }
      return base;
    } catch {
      // Taken: try another base.
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }
  throw new Error('no free port range');
}

const dataDir = mkdtempSync(join(tmpdir(), 'kv-demo-launch-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('pnpm start (the launcher)', () => {
  it('--check starts 3 nodes, passes its self-check (a write read back on another node), stops them and exits 0', async () => {
    const [raft, http, admin] = [await freeRange(3), await freeRange(3), await freeRange(3)];
    const { exitCode, output } = await runToExit(
      fileURLToPath(new URL('./launch-local.ts', import.meta.url)),
      [
        '--check',
        '--fresh',
        '--data-dir',
        dataDir,
        '--raft-port',
        `${raft}`,
        '--http-port',
        `${http}`,
        '--admin-port',
        `${admin}`,
      ],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), timeoutMs: 60_000 },
    );
    expect({ exitCode, selfCheck: output.includes('self-check passed') }, output).toEqual({
      exitCode: 0,
      selfCheck: true,
    });
    // The config it wrote is what the README describes: SQLite under the data dir, every node a member.
    const config = readFileSync(join(dataDir, 'n1.yaml'), 'utf8');
    expect(config).toContain('engine: sqlite');
    expect(config).toContain(`127.0.0.1:${raft + 2}`);
  }, 70_000);
});
