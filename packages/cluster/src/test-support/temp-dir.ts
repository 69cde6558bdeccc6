import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh directory under the system's temp dir, and how to remove it. */
export async function createTempDir(prefix: string): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), `raft-cluster-${prefix}-`));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
