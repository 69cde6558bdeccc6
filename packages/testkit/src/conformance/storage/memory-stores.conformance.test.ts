import { createMemoryLogStore, createMemorySnapshotStore, createMemoryStableStore } from '@raft/core';
import { logStoreConformance, snapshotStoreConformance, stableStoreConformance } from './index.js';

// The in-memory stores cannot survive a restart, so the factories give no reopen(): the suites
// skip their durability cases with a note.
logStoreConformance('memory', () => {
  const store = createMemoryLogStore();
  return { store, cleanup: () => store.close() };
});

stableStoreConformance('memory', () => {
  const store = createMemoryStableStore();
  return { store, cleanup: () => store.close() };
});

snapshotStoreConformance('memory', () => {
  const store = createMemorySnapshotStore();
  return { store, cleanup: () => store.close() };
});
