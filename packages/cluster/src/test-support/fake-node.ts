import type { NodeStatus, PeerProgress, RaftNode, RaftNodeEvents } from '@raft/core';

/**
 * A `RaftNode` whose status a test sets directly, for the monitor and the admin server: no engine,
 * no timers. `join` and `leave` run whatever the test installs; the rest throws if used.
 */
export class FakeNode implements RaftNode {
  current: NodeStatus = {
    id: 'n1',
    role: 'follower',
    state: 'follower',
    term: 1,
    votedFor: undefined,
    leaderId: undefined,
    commitIndex: 0,
    appliedIndex: 0,
    lastIndex: 0,
    lastTerm: 0,
    membership: { members: [{ id: 'n1', address: '127.0.0.1:7001', voter: true }] },
    progress: undefined,
    transferTarget: undefined,
    droppedMessages: 0,
    snapshotIndex: 0,
  };
  joinImpl: (nodeId: string, address: string, voter: boolean) => Promise<void> = async () => {};
  leaveImpl: (nodeId: string) => Promise<void> = async () => {};
  readonly #listeners = new Map<string, Set<(payload: never) => void>>();

  /** Makes this node the leader of `term` with these peers' progress. */
  lead(term: number, lastIndex: number, peers: Record<string, Partial<PeerProgress>>): void {
    const progress = new Map<string, PeerProgress>();
    for (const [id, peer] of Object.entries(peers)) {
      progress.set(id, {
        matchIndex: lastIndex,
        nextIndex: lastIndex + 1,
        state: 'replicate',
        inflightAppends: 0,
        recentlyActive: true,
        ...peer,
      });
    }
    this.current = {
      ...this.current,
      role: 'leader',
      state: 'leader',
      term,
      leaderId: this.current.id,
      lastIndex,
      progress,
    };
  }

  /** Emits `leader-changed` (and updates the status's leader), as the driver would. */
  changeLeader(leaderId: string | undefined, term: number): void {
    this.current = { ...this.current, leaderId, term };
    this.emit('leader-changed', { leaderId, term });
  }

  emit<E extends keyof RaftNodeEvents>(event: E, payload: RaftNodeEvents[E]): void {
    for (const listener of this.#listeners.get(event) ?? [])
      (listener as (value: RaftNodeEvents[E]) => void)(payload);
  }

  on<E extends keyof RaftNodeEvents>(event: E, listener: (payload: RaftNodeEvents[E]) => void): () => void {
    const listeners = this.#listeners.get(event) ?? new Set();
    this.#listeners.set(event, listeners);
    listeners.add(listener as (payload: never) => void);
    return () => listeners.delete(listener as (payload: never) => void);
  }

  status(): NodeStatus {
    return this.current;
  }
  state() {
    return this.current.state;
  }
  leader() {
    return this.current.leaderId;
  }
  isLeader() {
    return this.current.state === 'leader';
  }
  join(nodeId: string, address: string, options?: { voter?: boolean | undefined }): Promise<void> {
    return this.joinImpl(nodeId, address, options?.voter ?? true);
  }
  leave(nodeId: string): Promise<void> {
    return this.leaveImpl(nodeId);
  }
  start(): Promise<void> {
    throw new Error('FakeNode.start is not used');
  }
  stop(): Promise<void> {
    throw new Error('FakeNode.stop is not used');
  }
  propose(): Promise<unknown> {
    throw new Error('FakeNode.propose is not used');
  }
  read(): Promise<void> {
    throw new Error('FakeNode.read is not used');
  }
  transferLeadership(): Promise<void> {
    throw new Error('FakeNode.transferLeadership is not used');
  }
}
