import { RaftError } from './raft-error.js';

/** A configuration value is missing or invalid. Names the key and the reason. */
export class ConfigError extends RaftError {
  readonly code = 'ERR_RAFT_CONFIG';

  constructor(
    readonly key: string,
    readonly reason: string,
  ) {
    super(`invalid config "${key}": ${reason}`);
  }
}
