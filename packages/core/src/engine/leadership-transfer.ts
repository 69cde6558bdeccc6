import type { EngineState } from './engine-state.js';
import { sendAppend } from './leader-replication.js';

/** The result of asking the leader to hand over. */
export type TransferStart = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * Starts handing leadership to `to` (thesis §3.10): catch it up, then tell it to campaign at once.
 * Proposals are refused meanwhile so the target can catch up; the transfer is abandoned after an
 * election timeout.
 */
export function startTransfer(state: EngineState, to: string): TransferStart {
  if (state.role !== 'leader') return { ok: false, reason: 'not the leader' };
  if (to === state.id) return { ok: false, reason: 'already the leader' };
  if (!state.isVoter(to)) return { ok: false, reason: `${to} is not a voter` };
  if (state.transferTarget !== undefined) {
    return state.transferTarget === to
      ? { ok: true }
      : { ok: false, reason: 'another transfer is in progress' };
  }
  const progress = state.progress.get(to);
  if (progress === undefined) return { ok: false, reason: `${to} is not a peer` };
  state.transferTarget = to;
  state.transferElapsed = 0;
  if (!maybeSendTimeoutNow(state, to)) sendAppend(state, to, progress, false);
  return { ok: true };
}

/** Tells the transfer target to campaign if it has caught up; returns whether it did. */
export function maybeSendTimeoutNow(state: EngineState, peer: string): boolean {
  if (state.transferTarget !== peer) return false;
  if (state.progress.get(peer)?.matchIndex !== state.log.lastIndex()) return false;
  state.send({ type: 'timeout-now', from: state.id, to: peer, term: state.term });
  return true;
}

/** Abandons a transfer that has not completed within an election timeout. */
export function tickTransfer(state: EngineState): void {
  if (state.transferTarget === undefined) return;
  state.transferElapsed += 1;
  if (state.transferElapsed >= state.options.electionTicks) state.transferTarget = undefined;
}
