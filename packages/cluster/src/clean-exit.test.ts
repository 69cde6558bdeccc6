import { fileURLToPath } from 'node:url';
import { runToExit } from '@raft/testkit';
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
    const { exitCode, output } = await runToExit(
      fileURLToPath(new URL('./test-support/exit-check.ts', import.meta.url)),
      [dir.path],
      { cwd: fileURLToPath(new URL('..', import.meta.url)), timeoutMs: EXIT_TIMEOUT_MS },
    );
    expect({ exitCode, output }).toEqual({ exitCode: 0, output: 'health 200\njoin timed out\nstopped\n' });
  }, 20_000);
});
