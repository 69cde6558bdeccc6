export { InvalidFaultError } from './errors/invalid-fault-error.js';
export { InvalidNodeIdError } from './errors/invalid-node-id-error.js';
export { TransportStateError } from './errors/transport-state-error.js';
export type { LinkFaults } from './link-faults.js';
export { createMemoryNetwork, type MemoryNetwork } from './memory-network.js';
export type { MemoryNetworkOptions } from './memory-network-options.js';
export type { MemoryTransport } from './memory-transport.js';
export type { DroppedStats, NetworkStats } from './network-stats.js';
export { ANY_NODE } from './wildcard.js';
