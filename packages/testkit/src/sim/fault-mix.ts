/** A kind of fault the simulation can inject (see FAULTS.md for the bug classes each targets). */
export type FaultKind =
  /** F1: kill the leader (`kill -9`), restart it later. */
  | 'crash-leader'
  /** F2: kill a follower, restart it later. */
  | 'crash-follower'
  /** F8: a clean partition, the leader on the minority side. */
  | 'partition-leader-minority'
  /** F8: a random clean split of the cluster. */
  | 'partition-random'
  /** F9: one-way and partial link cuts (A↔B, B↔C fine, A↮C). */
  | 'asymmetric-partition'
  /** One node cut off from everyone (rejoins later with an inflated term when pre-vote is off: F10). */
  | 'isolate'
  /** F11: loss, duplication, reordering and delay on every link or on one. */
  | 'network-faults'
  /** F7: a process pause longer than an election timeout. */
  | 'pause'
  /** F6: the next append or hard-state save fails with EIO (the node must stop, not limp on). */
  | 'disk-failure'
  /** F3: the machine crashes right after its next append or hard-state save is fsynced, before acting on it. */
  | 'crash-after-fsync'
  /** F15: the leader hands leadership to another node while clients keep writing. */
  | 'transfer-leadership'
  /** F14: the leader removes a member, and adds it back later (learner, then voter once caught up). */
  | 'membership-change'
  /** F14: a machine outside the cluster joins (learner, then voter): grows the cluster. */
  | 'add-member'
  /** F14: the leader removes a follower, a learner, or itself: shrinks the cluster. */
  | 'remove-member'
  /** F14: a member is replaced by a machine outside the cluster (remove, then add). */
  | 'replace-member'
  /** F14: two membership changes proposed at once; one must be refused. */
  | 'concurrent-membership'
  /** F16: a member loses its disk for good and rejoins as a new node (leave, wipe, join). */
  | 'wipe-rejoin'
  /** F12: a follower is crashed or cut off long enough to need a snapshot to catch up. */
  | 'snapshot-catch-up'
  /** F12: a burst of writes makes every node take two snapshots in quick succession. */
  | 'snapshot-burst';

/** Fault kinds that change the membership: runs with them get spare machines to add. */
export const MEMBERSHIP_FAULTS: readonly FaultKind[] = [
  'add-member',
  'remove-member',
  'replace-member',
  'concurrent-membership',
  'wipe-rejoin',
];

/** Named sets of faults for `runSimulation` and the CLI's `--faults`. */
export const FAULT_MIXES = {
  none: [],
  crashes: ['crash-leader', 'crash-follower'],
  partitions: ['partition-leader-minority', 'partition-random', 'asymmetric-partition', 'isolate'],
  network: ['network-faults'],
  pauses: ['pause'],
  disk: ['disk-failure', 'crash-after-fsync', 'crash-follower'],
  transfers: ['transfer-leadership', 'network-faults'],
  membership: [
    'membership-change',
    'add-member',
    'add-member',
    'remove-member',
    'remove-member',
    'replace-member',
    'concurrent-membership',
    'wipe-rejoin',
    'crash-leader',
    'partition-random',
    'partition-leader-minority',
    'transfer-leadership',
  ],
  snapshots: [
    'snapshot-catch-up',
    'snapshot-catch-up',
    'snapshot-burst',
    'crash-follower',
    'crash-leader',
    'partition-random',
    'network-faults',
  ],
  all: [
    'crash-leader',
    'crash-follower',
    'partition-leader-minority',
    'partition-random',
    'asymmetric-partition',
    'isolate',
    'network-faults',
    'pause',
    'disk-failure',
    'crash-after-fsync',
    'transfer-leadership',
    'membership-change',
    'add-member',
    'remove-member',
    'replace-member',
    'concurrent-membership',
    'wipe-rejoin',
    'snapshot-catch-up',
    'snapshot-burst',
  ],
} as const satisfies Record<string, readonly FaultKind[]>;

/** The name of a {@link FAULT_MIXES} entry. */
export type FaultMixName = keyof typeof FAULT_MIXES;

/** Whether `name` names a fault mix. */
export function isFaultMixName(name: string): name is FaultMixName {
  return Object.hasOwn(FAULT_MIXES, name);
}
