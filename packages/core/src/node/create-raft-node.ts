import { NodeDriver } from './node-driver.js';
import type { RaftNode } from './raft-node.js';
import type { RaftNodeOptions } from './raft-node-options.js';

/**
 * Creates a Raft node. Nothing happens until `start()`: the config is validated and the stores
 * are read there, so this never throws for a bad config or a broken store.
 *
 * @example
 * const node = createRaftNode({ config, logStore, stableStore, snapshotStore, transport, stateMachine });
 * await node.start();
 * const result = await node.propose(new TextEncoder().encode('set x 1'));
 */
export function createRaftNode(options: RaftNodeOptions): RaftNode {
  return new NodeDriver(options);
}
