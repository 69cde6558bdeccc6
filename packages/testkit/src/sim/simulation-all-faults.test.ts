import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: every fault kind mixed', () => {
  simulateSeeds('all', 1, 40);
  simulateSeeds('all', 1001, 10, { nodes: 5 });
});

describe('simulation: no faults', () => {
  simulateSeeds('none', 1, 5);
});
