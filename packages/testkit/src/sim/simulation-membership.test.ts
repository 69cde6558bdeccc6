import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: membership churn during leader changes and partitions, disk loss (F14, F16)', () => {
  simulateSeeds('membership', 1, 30);
  simulateSeeds('membership', 1001, 6, { nodes: 5 });
});
