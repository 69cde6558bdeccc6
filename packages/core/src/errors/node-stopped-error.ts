import { RaftError } from './raft-error.js';

/** The node is not running: it was never started, was stopped, or stopped on a fatal error. */
export class NodeStoppedError extends RaftError {
  readonly code = 'ERR_RAFT_NODE_STOPPED';

  constructor(options?: ErrorOptions) {
    super('the raft node is not running', options);
  }
}
