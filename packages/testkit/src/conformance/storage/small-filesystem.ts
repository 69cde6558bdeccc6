import { execFileSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/**
 * A directory on a fresh tmpfs of `sizeBytes`, to fill the disk for real; unmounted when the test
 * finishes. `undefined` where mounting is not allowed (not root, or no CAP_SYS_ADMIN): the caller
 * skips with a note.
 */
export async function smallFilesystem(sizeBytes: number): Promise<string | undefined> {
  const directory = await mkdtemp(join(tmpdir(), 'raft-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeBytes}`, 'tmpfs', directory], {
      stdio: 'ignore',
    });
  } catch {
    await rm(directory, { recursive: true, force: true });
    return undefined;
  }
  onTestFinished(async () => {
    execFileSync('umount', ['-l', directory], { stdio: 'ignore' });
    await rm(directory, { recursive: true, force: true });
  });
  return directory;
}

/** The note a disk-full test is skipped with where no small file system can be mounted. */
export const NO_SMALL_FILESYSTEM =
  'skipped: cannot mount a small tmpfs here (needs root), so a full disk cannot be simulated';
