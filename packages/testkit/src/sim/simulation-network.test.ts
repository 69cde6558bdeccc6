import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: partitions, including asymmetric ones and isolation (F8, F9, F10)', () => {
  simulateSeeds('partitions', 1, 40);
  simulateSeeds('partitions', 1001, 8, { nodes: 5 });
});

describe('simulation: message loss, duplication, reordering and delay (F11)', () => {
  simulateSeeds('network', 1, 30);
});

describe('simulation: process pauses longer than an election timeout (F7)', () => {
  simulateSeeds('pauses', 1, 20);
});

describe('simulation: leadership transfers under load, with a lossy network (F15)', () => {
  simulateSeeds('transfers', 1, 20);
});
