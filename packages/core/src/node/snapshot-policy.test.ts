import { describe, expect, it } from 'vitest';
import { snapshotDue } from './snapshot-policy.js';

const policy = { snapshotThreshold: 10, snapshotIntervalMs: 1000 };
const at = (appliedIndex: number, nowMs = 0) => ({
  appliedIndex,
  lastSnapshotIndex: 5,
  lastSnapshotAtMs: 0,
  nowMs,
});

describe('snapshotDue', () => {
  it('is due once snapshotThreshold entries were applied since the last snapshot', () => {
    expect(snapshotDue(policy, at(14))).toBe(false);
    expect(snapshotDue(policy, at(15))).toBe(true);
  });

  it('is due after snapshotIntervalMs if anything was applied meanwhile', () => {
    expect(snapshotDue(policy, at(6, 999))).toBe(false);
    expect(snapshotDue(policy, at(6, 1000))).toBe(true);
    expect(snapshotDue(policy, at(5, 5000))).toBe(false);
  });

  it('never by time when snapshotIntervalMs is 0', () => {
    expect(snapshotDue({ ...policy, snapshotIntervalMs: 0 }, at(6, 1_000_000))).toBe(false);
  });

  it('is not due when the snapshot is ahead of the applied index (one was just installed)', () => {
    expect(snapshotDue(policy, { ...at(3, 5000), lastSnapshotIndex: 40 })).toBe(false);
  });
});
