import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: leader and follower crashes with unsynced writes (F1, F2, F4)', () => {
  simulateSeeds('crashes', 1, 50);
  simulateSeeds('crashes', 1001, 10, { nodes: 5 });
});

describe('simulation: disk failures and crashes (F6)', () => {
  simulateSeeds('disk', 1, 40);
});

describe('simulation: membership changes during leader crashes and partitions (F14)', () => {
  simulateSeeds('membership', 1, 40);
});
