import { createSeededRandom, systemClock } from '@raft/core';
import { createMemoryNetwork, type MemoryNetwork } from '@raft/transport-memory';
import { transportClusterConformance } from './transport-cluster-conformance.js';
import { transportConformance } from './transport-conformance.js';

// The reference runs: the in-process transport passes the suites that the network transports run.
function memoryFactory() {
  const network: MemoryNetwork = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(1) });
  return {
    // A memory node's address is its id; a restarted node simply reuses the id.
    createNode: (nodeId: string) => {
      const transport = network.createTransport(nodeId);
      return { transport, address: () => nodeId };
    },
  };
}

transportConformance('memory', memoryFactory);
transportClusterConformance('memory', memoryFactory);
