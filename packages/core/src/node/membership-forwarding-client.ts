import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import type {
  ForwardedMembershipOperation,
  ForwardMembershipRequest,
  ForwardMembershipResponse,
} from '../types/message.js';

/** What the follower side of membership forwarding needs from the node. */
export interface MembershipForwardingClientHost {
  readonly nodeId: string;
  /** Sends one message through the transport. */
  send(message: ForwardMembershipRequest): void;
  /** The leader this node currently follows, if any. */
  currentLeader(): string | undefined;
  /** The node's current term (informational on the message). */
  currentTerm(): number;
  /** Resolves once this node has applied `index`. */
  awaitAppliedIndex(index: number): Promise<void>;
  /** How many ticks to wait for an answer before sending the request again (an election timeout). */
  readonly resendAfterTicks: number;
}

interface PendingOperation {
  readonly request: ForwardMembershipRequest;
  /** This node's term when it sent the request: a new term means a new leadership. */
  readonly term: number;
  readonly resolve: () => void;
  readonly reject: (error: Error) => void;
  ticksSinceSent: number;
}

/**
 * The follower side of `join`/`leave` called on a follower: forwards the operation to the leader
 * and settles the caller's promise with the leader's answer (thesis §4: membership changes go
 * through the leader).
 *
 * Lost messages are covered by re-sending every election timeout: the leader runs each (sender,
 * requestId) at most once and answers a re-send with the same answer. A new leader or a new term
 * ends the wait with `OutcomeUnknownError`: the old leader may have committed the change or not
 * (retrying is safe: the operations are idempotent).
 */
export class MembershipForwardingClient {
  private readonly pending = new Map<number, PendingOperation>();
  private nextRequestId: number;

  /** `firstRequestId` should differ across restarts, so a leader never mistakes a new request for an old one. */
  constructor(
    private readonly host: MembershipForwardingClientHost,
    firstRequestId: number,
  ) {
    this.nextRequestId = firstRequestId;
  }

  /** Forwards `operation` to the leader; resolves once the change is committed and applied here. */
  forward(operation: ForwardedMembershipOperation): Promise<void> {
    const leaderId = this.host.currentLeader();
    if (leaderId === undefined || leaderId === this.host.nodeId) {
      return Promise.reject(new NotLeaderError(undefined));
    }
    const request: ForwardMembershipRequest = {
      type: 'forward-membership',
      from: this.host.nodeId,
      to: leaderId,
      term: this.host.currentTerm(),
      requestId: this.nextRequestId,
      operation,
    };
    this.nextRequestId = this.nextRequestId >= Number.MAX_SAFE_INTEGER ? 1 : this.nextRequestId + 1;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(request.requestId, {
        request,
        term: request.term,
        resolve,
        reject,
        ticksSinceSent: 0,
      });
      this.host.send(request);
    });
  }

  /** Settles the operation the leader answered. Answers from anyone else are ignored. */
  onResponse(response: ForwardMembershipResponse): void {
    const operation = this.pending.get(response.requestId);
    if (operation === undefined || operation.request.to !== response.from) return;
    this.pending.delete(response.requestId);
    switch (response.outcome) {
      case 'done':
        this.settleDone(operation, response.appliedIndex);
        return;
      case 'not-leader':
        operation.reject(new NotLeaderError(response.leaderHint));
        return;
      case 'refused':
        operation.reject(new MembershipChangeError(response.reason));
        return;
      case 'unknown':
        operation.reject(new OutcomeUnknownError(response.reason));
        return;
    }
  }

  /** Called every tick: gives up on operations whose leader changed, re-sends unanswered ones. */
  onTick(): void {
    if (this.pending.size === 0) return;
    const leaderId = this.host.currentLeader();
    const term = this.host.currentTerm();
    for (const [requestId, operation] of this.pending) {
      // Another leader, or the same one re-elected (say, after a restart that forgot the request):
      // re-sending could run the operation a second time, after other changes.
      if (operation.request.to !== leaderId || operation.term !== term) {
        this.pending.delete(requestId);
        operation.reject(
          new OutcomeUnknownError(
            `the leader changed before ${operation.request.to} answered; join and leave are idempotent, so retrying is safe`,
          ),
        );
        continue;
      }
      operation.ticksSinceSent += 1;
      if (operation.ticksSinceSent >= this.host.resendAfterTicks) {
        operation.ticksSinceSent = 0;
        this.host.send(operation.request);
      }
    }
  }

  /** Rejects every waiting operation (the node stopped). */
  rejectAll(error: () => Error): void {
    for (const operation of this.pending.values()) operation.reject(error());
    this.pending.clear();
  }

  /**
   * The change is committed. A node that stays in the cluster resolves once it has applied it too,
   * so its own `status().membership` shows the change; a node that removed itself may never hear
   * of the commit, so it resolves at once.
   */
  private settleDone(operation: PendingOperation, appliedIndex: number): void {
    const { operation: change } = operation.request;
    if (change.kind === 'leave' && change.nodeId === this.host.nodeId) {
      operation.resolve();
      return;
    }
    this.host.awaitAppliedIndex(appliedIndex).then(operation.resolve, operation.reject);
  }
}
