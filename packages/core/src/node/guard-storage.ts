import { StorageError } from '../errors/storage-error.js';

/**
 * Runs one store call, turning any failure (a rejection or a synchronous throw) into a
 * {@link StorageError} that names the operation and keeps the store's error as `cause`.
 *
 * Every store call of the driver goes through here, so a storage failure is always recognisable
 * as fatal (the node stops rather than run on state it cannot trust).
 */
export async function guardStorage<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (cause) {
    throw new StorageError(operation, { cause });
  }
}
