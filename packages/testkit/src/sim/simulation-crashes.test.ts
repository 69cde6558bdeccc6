import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: leader and follower crashes with unsynced writes (F1, F2, F4)', () => {
  simulateSeeds('crashes', 1, 40);
  simulateSeeds('crashes', 1001, 8, { nodes: 5 });
});

describe('simulation: disk failures and crashes (F6)', () => {
  simulateSeeds('disk', 1, 30);
});
