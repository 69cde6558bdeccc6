import { createSeededRandom, systemClock } from '@raft/core';
import { createMemoryNetwork, type MemoryNetwork } from '@raft/transport-memory';
import { transportConformance } from './transport-conformance.js';

// The reference run: the in-process transport passes the suite that the network transports run.
transportConformance('memory', () => {
  const network: MemoryNetwork = createMemoryNetwork({ clock: systemClock, random: createSeededRandom(1) });
  return {
    // A memory node's address is its id; a restarted node simply reuses the id.
    createNode: (nodeId) => {
      const transport = network.createTransport(nodeId);
      return { transport, address: () => nodeId };
    },
  };
});
