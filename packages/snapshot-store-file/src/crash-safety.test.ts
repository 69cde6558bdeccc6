import { fork } from 'node:child_process';
import { readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSeededRandom } from '@raft/core';
import { tempDir } from '@raft/testkit/conformance';
import { describe, expect, it } from 'vitest';
import { createFileSnapshotStore } from './index.js';
import { snapshotPayload } from './test-support/snapshot-payload.js';

// SIGKILL a process that keeps committing snapshots; after each kill the store must list only
// complete snapshots that verify, including the last one whose commit was acknowledged, and leave
// no temporary file behind. RAFT_CRASH_ITERATIONS raises the count; RAFT_CRASH_SEED replays.
const iterations = Number(process.env.RAFT_CRASH_ITERATIONS ?? 8);
const baseSeed = Number(process.env.RAFT_CRASH_SEED ?? Date.now() % 1_000_000);
const here = dirname(fileURLToPath(import.meta.url));

/** Runs the writer until `killAfterMs` after it is ready; resolves with the last acknowledged commit. */
async function killWriterAfter(
  directory: string,
  killAfterMs: number,
): Promise<{ id: string; index: number } | undefined> {
  const child = fork(join(here, 'test-support', 'snapshot-writer.ts'), [directory], {
    cwd: join(here, '..'),
    execArgv: ['--import', 'tsx', '--conditions=@raft/source'],
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  let last: { id: string; index: number } | undefined;
  let timer: NodeJS.Timeout | undefined;
  child.on('message', (message: { type: string; id?: string; index?: number }) => {
    if (message.type === 'ready') timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    else last = { id: message.id!, index: message.index! };
  });
  // 'close', not 'exit': 'exit' can fire before the last acknowledgements are read from the IPC channel.
  const signal = await new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, s) => resolve(s)),
  );
  clearTimeout(timer);
  if (signal !== 'SIGKILL') throw new Error(`snapshot writer died on its own:\n${stderr}`);
  return last;
}

describe('file snapshot store crash safety (SIGKILLed writer)', () => {
  it(
    `lists only complete, verified snapshots after ${iterations} kills mid-write`,
    async () => {
      const random = createSeededRandom(baseSeed);
      const directory = join(await tempDir('raft-snapshot-crash-'), 'snapshots');
      const outcomes: string[] = [];
      for (let iteration = 0; iteration < iterations; iteration++) {
        const acknowledged = await killWriterAfter(directory, 30 + Math.floor(random() * 300));
        const store = await createFileSnapshotStore({ directory, retain: 2 });
        try {
          const listed = await store.list();
          if (acknowledged !== undefined) {
            expect(
              listed.map((metadata) => metadata.id),
              `seed ${baseSeed}`,
            ).toContain(acknowledged.id);
          }
          for (const metadata of listed) {
            const chunks: Uint8Array[] = [];
            for await (const chunk of (await store.open(metadata.id)).chunks) chunks.push(chunk);
            const expected = snapshotPayload(metadata.lastIncludedIndex);
            expect(Buffer.compare(Buffer.concat(chunks), expected), `snapshot ${metadata.id}`).toBe(0);
          }
          expect((await readdir(directory)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
          outcomes.push(`${acknowledged?.index ?? '-'}/${listed.length}`);
        } finally {
          await store.close();
        }
      }
      console.log(
        `snapshot crash trials (base seed ${baseSeed}), last acknowledged/listed: ${outcomes.join(' ')}`,
      );
    },
    Math.max(120_000, iterations * 5_000),
  );
});
