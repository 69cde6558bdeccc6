import type { RaftConfig } from '../config/raft-config.js';
import { engineTicksFromConfig } from '../config/validate-config.js';
import type { EngineOptions } from '../engine/engine-options.js';

/** The engine's options for a validated config: millisecond timeouts become ticks. */
export function engineOptionsFromConfig(config: RaftConfig, random: () => number): EngineOptions {
  const { heartbeatTicks, electionTicks } = engineTicksFromConfig(config);
  return {
    id: config.nodeId,
    heartbeatTicks,
    electionTicks,
    preVote: config.preVote,
    checkQuorum: config.checkQuorum,
    leaseReads: config.leaseReads,
    maxEntriesPerAppend: config.maxEntriesPerAppend,
    maxBytesPerAppend: config.maxBytesPerAppend,
    maxInflightAppends: config.maxInflightAppends,
    maxInflightBytes: config.maxInflightBytes,
    random,
  };
}
