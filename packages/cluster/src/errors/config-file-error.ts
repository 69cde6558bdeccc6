import { RaftError } from '@raft/core';

/**
 * A configuration file could not be read or is not valid YAML. Names the file and, for a syntax
 * error, the line and column (1-based). A file that parses but holds an invalid value throws
 * `ConfigError` (from `@raft/core`) instead, naming the key.
 */
export class ConfigFileError extends RaftError {
  readonly code = 'ERR_RAFT_CLUSTER_CONFIG_FILE';

  constructor(
    readonly file: string,
    readonly reason: string,
    readonly line?: number,
    readonly column?: number,
    options?: ErrorOptions,
  ) {
    super(`${file}${line === undefined ? '' : `:${line}:${column ?? 1}`}: ${reason}`, options);
  }
}
