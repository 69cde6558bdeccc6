import { RaftError } from '@raft/core';

/**
 * The configuration selects an adapter whose package is not installed. Storage and transport
 * adapters are optional peer dependencies of `@raft/cluster`, so an application installs only the
 * ones its configuration uses: install `packageName` (the `cause` is the failed import).
 */
export class AdapterMissingError extends RaftError {
  readonly code = 'ERR_RAFT_CLUSTER_ADAPTER_MISSING';

  constructor(
    /** The package to install, such as `@raft/storage-sqlite`. */
    readonly packageName: string,
    /** The config key whose value needs it, such as `storage.engine`. */
    readonly selectedBy: string,
    options?: ErrorOptions,
  ) {
    super(`${selectedBy} needs ${packageName}, which is not installed: add it to your dependencies`, options);
  }
}
