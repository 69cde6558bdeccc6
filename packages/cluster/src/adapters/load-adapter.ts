import { AdapterMissingError } from '../errors/adapter-missing-error.js';

/** The adapter packages `@raft/cluster` loads on demand (its optional peer dependencies). */
export type AdapterPackage =
  | '@raft/storage-sqlite'
  | '@raft/storage-lmdb'
  | '@raft/snapshot-store-file'
  | '@raft/transport-http'
  | '@raft/transport-grpc';

/** Imports a module by specifier: `import()` in production; tests pass one that fails. */
export type ModuleImporter = (specifier: string) => Promise<unknown>;

/** The default importer. A variable specifier keeps bundlers from pulling in every adapter. */
export const importModule: ModuleImporter = (specifier) => import(specifier);

/**
 * Imports an adapter package that the config key `selectedBy` asked for.
 *
 * @throws AdapterMissingError when the package itself is not installed. Any other failure (the
 *   package is there but one of its own dependencies is missing or broken) is rethrown as is,
 *   since installing the adapter would not fix it.
 */
export async function loadAdapter<Module>(
  packageName: AdapterPackage,
  selectedBy: string,
  importer: ModuleImporter = importModule,
): Promise<Module> {
  try {
    return (await importer(packageName)) as Module;
  } catch (error) {
    if (isMissingPackage(error, packageName))
      throw new AdapterMissingError(packageName, selectedBy, { cause: error });
    throw error;
  }
}

/** Whether `error` is Node's "cannot find package" for `packageName` itself. */
function isMissingPackage(error: unknown, packageName: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  return (
    (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') &&
    typeof message === 'string' &&
    message.includes(`'${packageName}'`)
  );
}
