import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';

/** A fresh temporary directory, removed when the current test finishes. */
export async function tempDir(prefix: string): Promise<string> {
  const directory = await mkdtemp(join(tmpdir(), prefix));
  onTestFinished(() => rm(directory, { recursive: true, force: true }));
  return directory;
}

/**
 * The position of `marker` in `bytes` (a store's file read back), to corrupt a known record;
 * throws if absent (the test would prove nothing).
 */
export function offsetOf(bytes: Buffer, marker: string): number {
  const offset = bytes.indexOf(Buffer.from(marker, 'latin1'));
  if (offset < 0) throw new Error(`marker ${marker} not found in the file`);
  return offset;
}
