import { MembershipChangeError } from '../errors/membership-change-error.js';
import { NodeStoppedError } from '../errors/node-stopped-error.js';
import { NotLeaderError } from '../errors/not-leader-error.js';
import type {
  ForwardedMembershipOperation,
  ForwardMembershipRequest,
  ForwardMembershipResponse,
} from '../types/message.js';

const MAX_REASON_CHARS = 1000;

/** What the leader side of membership forwarding needs from the node. */
export interface MembershipForwardingServerHost {
  readonly nodeId: string;
  /** Runs the operation as if it was called on this node (which checks that this node leads). */
  run(operation: ForwardedMembershipOperation): Promise<void>;
  /** Sends one message through the transport. */
  send(message: ForwardMembershipResponse): void;
  currentLeader(): string | undefined;
  currentTerm(): number;
  /** The highest index applied on this node. */
  appliedIndex(): number;
}

/**
 * The leader side of `join`/`leave` forwarded by followers: runs each operation locally and
 * answers with how it ended. A request re-sent while its operation runs is ignored (the answer
 * comes when it ends); one re-sent after it ended runs again, which the operations' idempotence
 * turns into an immediate `done`.
 */
export class MembershipForwardingServer {
  private readonly running = new Set<string>();

  constructor(private readonly host: MembershipForwardingServerHost) {}

  onRequest(request: ForwardMembershipRequest): void {
    const key = `${request.from}\u0000${request.requestId}`;
    if (this.running.has(key)) return;
    this.running.add(key);
    this.host.run(request.operation).then(
      () => {
        this.running.delete(key);
        // Applied here, so committed: an index at or past the change's entry.
        this.answer(request, 'done', '');
      },
      (error: unknown) => {
        this.running.delete(key);
        if (error instanceof NodeStoppedError) return;
        if (error instanceof NotLeaderError) this.answer(request, 'not-leader', '');
        else if (error instanceof MembershipChangeError) this.answer(request, 'refused', error.reason);
        else this.answer(request, 'unknown', error instanceof Error ? error.message : String(error));
      },
    );
  }

  private answer(
    request: ForwardMembershipRequest,
    outcome: ForwardMembershipResponse['outcome'],
    reason: string,
  ): void {
    this.host.send({
      type: 'forward-membership-response',
      from: this.host.nodeId,
      to: request.from,
      term: this.host.currentTerm(),
      requestId: request.requestId,
      outcome,
      appliedIndex: outcome === 'done' ? this.host.appliedIndex() : 0,
      leaderHint: this.host.currentLeader(),
      // Bounded: the wire limits it, and an error message is not worth a refused message.
      reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason,
    });
  }
}
