import type { RaftConfigInput } from '../config/raft-config.js';
import type { Clock } from '../interfaces/clock.js';
import type { LogStore } from '../interfaces/log-store.js';
import type { Logger } from '../interfaces/logger.js';
import type { SnapshotStore } from '../interfaces/snapshot-store.js';
import type { StableStore } from '../interfaces/stable-store.js';
import type { StateMachine } from '../interfaces/state-machine.js';
import type { Transport } from '../interfaces/transport.js';

/**
 * Everything {@link createRaftNode} needs.
 *
 * Ownership: the node owns the transport (it starts and closes it) but not the stores or the state
 * machine; the caller opens them before `start()` and closes them after `stop()` resolves, which
 * lets a test restart a node on the same stores.
 */
export interface RaftNodeOptions {
  /** Validated by `start()`; a `ConfigError` names the bad key. */
  readonly config: RaftConfigInput;
  readonly logStore: LogStore;
  readonly stableStore: StableStore;
  readonly snapshotStore: SnapshotStore;
  readonly transport: Transport;
  /**
   * The application's state. It must be empty at `start()`: the node restores it from the newest
   * snapshot in `snapshotStore` (if any), then re-applies the committed entries after it. It must
   * implement `snapshot` and `restore` for real (see `StateMachine`): the node takes snapshots by
   * the config's policy and installs those a leader sends.
   */
  readonly stateMachine: StateMachine;
  /** The source of time; defaults to the system clock. Simulations pass a virtual clock. */
  readonly clock?: Clock | undefined;
  /** Defaults to a logger that drops everything. */
  readonly logger?: Logger | undefined;
  /**
   * Uniform random numbers in [0, 1) for election timeouts. Defaults to a seeded generator with a
   * seed from `Math.random()`; pass a seeded one to make a run reproducible.
   */
  readonly random?: (() => number) | undefined;
}
