// Public API of @raft/core. Everything a user, an adapter author or @raft/testkit needs is
// exported here; files not listed are internal.

export { systemClock } from './clock/system-clock.js';
// The checks behind validateConfig, for layers that validate configuration of their own (such as
// @raft/cluster), so every error reads the same and names the key.
export {
  checkBoolean,
  checkFiniteAtLeast,
  checkIntegerAtLeast,
  checkNonEmptyString,
  describeValue,
  isRecord,
  rejectUnknownKeys,
} from './config/config-checks.js';
export { type EngineTicks, engineTicksFromConfig } from './config/engine-ticks.js';
export {
  defaultConfig,
  type InitialMember,
  type RaftConfig,
  type RaftConfigDefaults,
  type RaftConfigInput,
} from './config/raft-config.js';
export { MIN_SNAPSHOT_CHUNK_BYTES, validateConfig } from './config/validate-config.js';
export type { EngineInitialState, EngineOptions } from './engine/engine-options.js';
export type { MembershipChangeOutcome, ProposeOutcome } from './engine/outcomes.js';
export { RaftEngine } from './engine/raft-engine.js';
export type {
  ForwardedProposalResult,
  ReadResult,
  Ready,
  Role,
  SnapshotTransfer,
  SoftState,
} from './engine/ready.js';
export type { SnapshotInstallOutcome } from './engine/snapshot-install.js';
export type { EngineStatus, PeerProgress, ReplicationState } from './engine/status.js';
export { ConfigError } from './errors/config-error.js';
export { InvalidEntriesError } from './errors/invalid-entries-error.js';
export { LeadershipTransferError } from './errors/leadership-transfer-error.js';
export { LogRangeError } from './errors/log-range-error.js';
export { MembershipChangeError } from './errors/membership-change-error.js';
export { NodeStoppedError } from './errors/node-stopped-error.js';
export { NotLeaderError } from './errors/not-leader-error.js';
export { OutcomeUnknownError } from './errors/outcome-unknown-error.js';
export { ProposalDroppedError } from './errors/proposal-dropped-error.js';
export { isRaftError, RaftError } from './errors/raft-error.js';
export { SnapshotNotFoundError } from './errors/snapshot-not-found-error.js';
export { StorageError } from './errors/storage-error.js';
export { StoreClosedError } from './errors/store-closed-error.js';
export type { Clock, TimerHandle } from './interfaces/clock.js';
export type { LogStore } from './interfaces/log-store.js';
export { type LogFields, type Logger, silentLogger } from './interfaces/logger.js';
export type {
  SnapshotDescriptor,
  SnapshotMetadata,
  SnapshotReader,
  SnapshotSink,
  SnapshotStore,
} from './interfaces/snapshot-store.js';
export type { StableStore } from './interfaces/stable-store.js';
export type { AppliedEntry, StateMachine } from './interfaces/state-machine.js';
export type { MessageHandler, Transport } from './interfaces/transport.js';
export { type ConsoleLoggerOptions, createConsoleLogger, type LogLevel } from './logging/console-logger.js';
export { createMemoryLogStore, MemoryLogStore } from './memory/memory-log-store.js';
export {
  createMemorySnapshotStore,
  MemorySnapshotStore,
  type MemorySnapshotStoreOptions,
} from './memory/memory-snapshot-store.js';
export { createMemoryStableStore, MemoryStableStore } from './memory/memory-stable-store.js';
export {
  FORCE_MEMBERSHIP_CONFIRMATION,
  type ForceMembershipOptions,
  forceMembership,
} from './node/force-membership.js';
export {
  createRaftNode,
  type FatalErrorEvent,
  type JoinOptions,
  type LeaderChangedEvent,
  type MembershipChangedEvent,
  type NodeState,
  type NodeStatus,
  type RaftNode,
  type RaftNodeEventName,
  type RaftNodeEvents,
  type RaftNodeOptions,
  type RequestOptions,
  type RoleChangedEvent,
  type SnapshotInstalledEvent,
  type SnapshotTakenEvent,
} from './node/index.js';
// Storage kit, for authors of durable LogStores and StableStores: stable entry type numbers,
// CRC-32 checksums binding an entry's payload to its index, term and type, a self-checking entry
// record for key-value stores, and append-batch validation. Pure code on Node built-ins.
export {
  decodeEntryRecord,
  ENTRY_RECORD_HEADER_BYTES,
  encodeEntryRecord,
  entryChecksum,
  entryTypeCode,
  entryTypeFromCode,
  hardStateChecksum,
  invalidBatchReason,
} from './storage-kit/entry-codec.js';
export { ENTRY_OVERHEAD_BYTES, type Entry, type EntryType, entrySizeBytes } from './types/entry.js';
export { EMPTY_HARD_STATE, type HardState } from './types/hard-state.js';
export {
  applyMembershipChanges,
  decodeMembership,
  encodeMembership,
  findMember,
  isJoint,
  MAX_ADDRESS_BYTES,
  MAX_NODE_ID_BYTES,
  type Member,
  type Membership,
  type MembershipChange,
  memberIdentityProblem,
  voterIds,
} from './types/membership.js';
export type * from './types/message.js';
export { createSeededRandom } from './util/seeded-random.js';
