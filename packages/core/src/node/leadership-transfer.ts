import type { EngineStatus } from '../engine/status.js';
import { LeadershipTransferError } from '../errors/leadership-transfer-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { voterIds } from '../types/membership.js';
import type { WaitTimeout } from './condition-waiters.js';

/** What a leadership transfer needs from the node. */
export interface TransferHost {
  /** The running engine's status. Throws `NodeStoppedError` when the node is not running. */
  engineStatus(): EngineStatus;
  /** Starts the transfer in the engine (and wakes the loop). */
  startTransfer(to: string): { ok: true } | { ok: false; reason: string };
  /** The leader as the driver last saw it in a Ready. */
  currentLeader(): string | undefined;
  /** Resolves once `check()` holds; re-checked after every Ready and tick. */
  waitUntil(check: () => boolean, timeout: WaitTimeout): Promise<void>;
  /** How long the target gets to win its election, in ms: one election timeout. */
  readonly electionTimeoutMs: number;
}

/**
 * The voter a transfer should go to when the caller names none: the most up-to-date one (highest
 * `matchIndex`), which needs the least catching up before it can campaign (thesis §3.10).
 */
export function chooseTransferTarget(status: EngineStatus): string | undefined {
  let best: string | undefined;
  let bestMatchIndex = -1;
  for (const id of voterIds(status.membership)) {
    if (id === status.id) continue;
    const matchIndex = status.progress?.get(id)?.matchIndex ?? 0;
    if (matchIndex > bestMatchIndex) {
      best = id;
      bestMatchIndex = matchIndex;
    }
  }
  return best;
}

/**
 * Hands leadership to `to` (or the best voter): resolves once this node sees `to` as leader;
 * rejects with `LeadershipTransferError` if the engine refuses, another node wins, or `to` has not
 * taken over within one election timeout. Leader only.
 */
export async function transferLeadership(host: TransferHost, to?: string): Promise<void> {
  const status = host.engineStatus();
  if (status.role !== 'leader') throw new NotLeaderError(status.leaderId);
  const target = to ?? chooseTransferTarget(status);
  if (target === undefined) throw new LeadershipTransferError('there is no other voter to transfer to');
  if (target === status.id) return;
  const started = host.startTransfer(target);
  if (!started.ok) throw new LeadershipTransferError(started.reason);
  const selfId = status.id;
  await host.waitUntil(
    () => {
      const leader = host.currentLeader();
      if (leader === target) return true;
      if (leader !== undefined && leader !== selfId) {
        throw new LeadershipTransferError(`${leader} became leader instead of ${target}`);
      }
      return false;
    },
    {
      afterMs: host.electionTimeoutMs,
      error: () =>
        new LeadershipTransferError(`${target} did not take over within ${host.electionTimeoutMs} ms`),
    },
  );
}
