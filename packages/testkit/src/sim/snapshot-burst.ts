import { isRaftError } from '@raft/core';
import type { AcknowledgedProposal } from '../invariants/observation.js';
import { encodeKvCommand, type KvResult } from './kv-command.js';
import type { SimNode } from './sim-node.js';

/** The key burst writes go to: outside the workload's keys, so the client history stays the workload's. */
export const BURST_KEY = 'burst';

/**
 * Two snapshots in quick succession (F12): proposes two waves of writes on the leader, each a little
 * more than the snapshot threshold, the second as soon as the first is answered, so that the leader
 * (and every follower keeping up) crosses the threshold twice within a few milliseconds, while
 * lagging followers may still be installing the first. (One wave of twice the threshold would be
 * applied in one batch and give one snapshot.) Acknowledged writes are reported for durability.
 */
export function proposeSnapshotBurst(
  leader: SimNode,
  threshold: number,
  burstId: number,
  acknowledge: (proposal: AcknowledgedProposal) => void,
  trace: (text: string) => void,
): void {
  const node = leader.node;
  if (node === undefined) return;
  const count = threshold + 1;
  trace(`${leader.id} gets two waves of ${count} writes (a snapshot's worth each)`);
  const wave = (round: number): Promise<boolean> => {
    const writes = Array.from({ length: count }, (_, k) => {
      const data = encodeKvCommand({
        op: 'put',
        id: `burst-${burstId}-${round}-${k}`,
        key: BURST_KEY,
        value: `${burstId}/${round}/${k}`,
      });
      return node.propose(data).then(
        (result: unknown) => {
          const { index, term } = result as KvResult;
          acknowledge({ index, term, data, nodeId: leader.id });
          return true;
        },
        (error: unknown) => {
          trace(`burst write on ${leader.id} failed: ${isRaftError(error) ? error.code : String(error)}`);
          return false;
        },
      );
    });
    return Promise.all(writes).then((results) => results.every(Boolean));
  };
  void wave(1).then((ok) => (ok ? wave(2) : false));
}
