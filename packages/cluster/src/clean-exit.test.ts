import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir } from './test-support/temp-dir.js';

/** How long the child may take after its last line before it counts as held open. */
const EXIT_TIMEOUT_MS = 15_000;

describe('stopping a cluster node', () => {
  let dir: { path: string; remove: () => Promise<void> };
  beforeEach(async () => {
    dir = await createTempDir('exit');
  });
  afterEach(() => dir.remove());

  it('leaves nothing open: the process exits by itself', async () => {
    const script = fileURLToPath(new URL('./test-support/exit-check.ts', import.meta.url));
    const child = fork(script, [dir.path], {
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      execArgv: ['--import', 'tsx', '--conditions=@raft/source'],
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exitCode = await new Promise<number | string>((resolve) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        resolve('still running');
      }, EXIT_TIMEOUT_MS);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve(code ?? 'killed');
      });
    });
    expect({ exitCode, output }).toEqual({ exitCode: 0, output: 'health 200\njoin timed out\nstopped\n' });
  }, 20_000);
});
