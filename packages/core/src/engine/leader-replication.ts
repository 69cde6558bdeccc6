import { type Entry, entrySizeBytes } from '../types/entry.js';
import type { AppendEntriesResponse, HeartbeatResponse } from '../types/message.js';
import type { EngineState } from './engine-state.js';
import { confirmReads, releaseParkedReads } from './leader-reads.js';
import { maybeSendTimeoutNow } from './leadership-transfer.js';
import { afterConfigCommitted } from './membership-changes.js';
import type { Progress } from './progress.js';
import { jointQuorumValue } from './quorum.js';

/** Appends entries to the leader's own log and replicates them. */
export function appendAsLeader(state: EngineState, entries: readonly Entry[]): void {
  state.log.appendOwn(entries);
  state.noteAppended(entries);
  // Commits come from acknowledgements and, for the leader's own share, from `advance` once its
  // write is durable (a one-voter cluster commits then).
  broadcastAppend(state);
}

/** Sends new entries to every follower that is ready for them. */
export function broadcastAppend(state: EngineState): void {
  for (const [peer, progress] of state.progress) sendAppend(state, peer, progress, false);
}

/**
 * Sends the next append to `peer` if its window allows. With `allowEmpty`, sends an empty append
 * (carrying only the commit index) when there is nothing new.
 */
export function sendAppend(state: EngineState, peer: string, progress: Progress, allowEmpty: boolean): void {
  const { log, options } = state;
  const hasNew = progress.nextIndex <= log.lastIndex();
  if (!hasNew && !allowEmpty) return;
  if (hasNew && progress.isPaused()) return;
  const prevLogIndex = progress.nextIndex - 1;
  const prevLogTerm = log.term(prevLogIndex);
  if (prevLogTerm === undefined) {
    // The peer needs entries compacted away: only a snapshot can catch it up.
    requestSnapshot(state, peer, progress);
    return;
  }
  const entries = hasNew
    ? log.slice(progress.nextIndex, options.maxEntriesPerAppend, options.maxBytesPerAppend)
    : [];
  const leaderCommit = log.commitIndex;
  state.send({
    type: 'append-entries',
    from: state.id,
    to: peer,
    term: state.term,
    prevLogIndex,
    prevLogTerm,
    entries,
    leaderCommit,
  });
  progress.sentCommitIndex = leaderCommit;
  const last = entries[entries.length - 1];
  if (last === undefined) return;
  if (progress.state === 'replicate') {
    // Pipelining: assume success and move on; a rejection sends the peer back to probe.
    progress.nextIndex = last.index + 1;
    let bytes = 0;
    for (const entry of entries) bytes += entrySizeBytes(entry);
    progress.inflights.add(last.index, bytes);
  } else {
    progress.probeSent = true;
  }
}

function requestSnapshot(state: EngineState, peer: string, progress: Progress): void {
  const snapshot = state.latestSnapshot;
  if (snapshot === undefined) return;
  progress.becomeSnapshot(snapshot.index);
  state.snapshotTransfers.push({
    to: peer,
    lastIncludedIndex: snapshot.index,
    lastIncludedTerm: snapshot.term,
  });
}

/**
 * Tells followers about a commit index they have not seen, piggybacked on new entries where
 * possible. Called once per Ready so a burst of acknowledgements costs one message per peer.
 */
export function flushCommitIndex(state: EngineState): void {
  for (const [peer, progress] of state.progress) {
    if (commitIndexUnsent(state, progress)) sendAppend(state, peer, progress, true);
  }
}

/** Whether some follower has not been told the current commit index (see flushCommitIndex). */
export function anyCommitIndexUnsent(state: EngineState): boolean {
  for (const progress of state.progress.values()) if (commitIndexUnsent(state, progress)) return true;
  return false;
}

/**
 * Whether `progress`'s peer holds entries past the last commit index it was sent, a newer one
 * exists, and an append can carry it now. A paused peer (a full window, or a snapshot in flight) or
 * one that needs a snapshot hears of the commit with what it gets next. This must be exactly when
 * `sendAppend` sends: `hasReady` asks it, and a Ready that would come out empty every time would
 * keep the driver's loop spinning (found by the soak: a late acknowledgement from a peer in
 * snapshot state).
 */
function commitIndexUnsent(state: EngineState, progress: Progress): boolean {
  if (progress.sentCommitIndex >= state.log.commitIndex || progress.matchIndex <= progress.sentCommitIndex) {
    return false;
  }
  const hasNew = progress.nextIndex <= state.log.lastIndex();
  if (hasNew && progress.isPaused()) return false;
  return state.log.term(progress.nextIndex - 1) !== undefined;
}

/** Advances the commit index to what a majority holds, if that entry is from this term (§5.4.2). */
export function maybeCommit(state: EngineState): boolean {
  // The leader counts itself only for entries it has persisted: its driver may send appends
  // before its own write finishes (thesis §10.2.1), so its log alone proves nothing durable.
  const candidate = jointQuorumValue(state.voterSets, (voter) =>
    voter === state.id ? state.log.stableIndex : (state.progress.get(voter)?.matchIndex ?? 0),
  );
  if (candidate <= state.log.commitIndex) return false;
  // Counting replicas commits only entries of the current term; older ones commit with them
  // (the paper's Figure 8 shows why).
  if (state.log.term(candidate) !== state.term) return false;
  const hadOwnTermCommit = state.log.term(state.log.commitIndex) === state.term;
  state.log.commitIndex = candidate;
  if (!hadOwnTermCommit) releaseParkedReads(state);
  state.pruneRemovedPeers();
  afterConfigCommitted(state);
  return true;
}

/** Handles a follower's answer to an append. */
export function handleAppendResponse(state: EngineState, message: AppendEntriesResponse): void {
  const progress = state.progress.get(message.from);
  if (progress === undefined) return;
  progress.recentlyActive = true;
  if (!message.success) {
    // Fast back-off: jump to the last index where the follower's hint says the logs may agree.
    const nextProbeIndex =
      message.hintTerm > 0
        ? state.log.findConflictByTerm(message.hintIndex, message.hintTerm)
        : message.hintIndex;
    if (progress.rejected(message.rejectedIndex, nextProbeIndex))
      sendAppend(state, message.from, progress, false);
    return;
  }
  const wasPaused = progress.isPaused();
  if (progress.acknowledge(message.matchIndex)) {
    const caughtUpBySnapshot =
      progress.state === 'snapshot' && progress.matchIndex + 1 >= state.log.firstIndex();
    if (progress.state === 'probe' || caughtUpBySnapshot) progress.becomeReplicate();
    else progress.inflights.freeThrough(message.matchIndex);
    // A new commit index reaches followers through flushCommitIndex at the next Ready.
    maybeCommit(state);
    maybeSendTimeoutNow(state, message.from);
    sendAppend(state, message.from, progress, false);
  } else if (wasPaused && !progress.isPaused()) {
    sendAppend(state, message.from, progress, false);
  }
}

/** Sends a heartbeat to every follower, starting a new read round. */
export function broadcastHeartbeat(state: EngineState): void {
  const round = state.leaderReads.startRound(state.ticks);
  for (const [peer, progress] of state.progress) {
    state.send({
      type: 'heartbeat',
      from: state.id,
      to: peer,
      term: state.term,
      // Never past what the follower is known to hold: it must not commit entries it lacks.
      commitIndex: Math.min(progress.matchIndex, state.log.commitIndex),
      readRound: round,
    });
  }
  // A lone voter confirms its own rounds.
  confirmReads(state);
}

/** Handles a follower's answer to a heartbeat. */
export function handleHeartbeatResponse(state: EngineState, message: HeartbeatResponse): void {
  const progress = state.progress.get(message.from);
  if (progress === undefined) return;
  progress.recentlyActive = true;
  progress.probeSent = false;
  // The peer is reachable again but a full window may be waiting on acknowledgements that were
  // lost: free one slot so the next append goes out and reveals where the peer really is.
  if (progress.state === 'replicate' && progress.inflights.isFull()) progress.inflights.freeFirst();
  if (message.readRound > progress.ackedReadRound) {
    progress.ackedReadRound = message.readRound;
    confirmReads(state);
  }
  // Behind: send what is missing, or, if everything was sent already, an empty append whose
  // prevLogIndex reveals whether earlier appends were lost (the peer rejects it if so).
  if (progress.matchIndex < state.log.lastIndex()) sendAppend(state, message.from, progress, true);
}
