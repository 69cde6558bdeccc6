import { open } from 'node:fs/promises';

/** fsyncs a directory, making renames and deletions inside it durable. */
export async function fsyncDirectory(directory: string): Promise<void> {
  const handle = await open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
