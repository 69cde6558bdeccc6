import { describe } from 'vitest';
import { simulateSeeds } from '../test-support/simulation-seeds.js';

describe('simulation: followers forced onto snapshot catch-up, snapshots in quick succession (F12)', () => {
  simulateSeeds('snapshots', 1, 40);
  simulateSeeds('snapshots', 1001, 8, { nodes: 5 });
});
