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

/** How many answered requests the leader remembers, to answer re-sends without running them again. */
const REMEMBERED_ANSWERS = 1024;

/**
 * The leader side of `join`/`leave` forwarded by followers: runs each operation locally and
 * answers with how it ended. Each request runs at most once per leader: a re-send while it runs is
 * ignored (the answer comes when it ends), a re-send after it ended gets the remembered answer.
 * Running it again would not be harmless: between the two, another change may have undone the
 * first (a node that left may have been added back, and a second `leave` would remove it again;
 * found by the soak, seed 512 of `--faults all`).
 */
export class MembershipForwardingServer {
  private readonly running = new Set<string>();
  /** Answered requests by key, oldest first (a Map keeps insertion order). */
  private readonly answered = new Map<string, Omit<ForwardMembershipResponse, 'term' | 'leaderHint'>>();

  constructor(private readonly host: MembershipForwardingServerHost) {}

  onRequest(request: ForwardMembershipRequest): void {
    const key = `${request.from}\u0000${request.requestId}`;
    const remembered = this.answered.get(key);
    if (remembered !== undefined) {
      this.send(remembered);
      return;
    }
    if (this.running.has(key)) return;
    this.running.add(key);
    this.host.run(request.operation).then(
      () => {
        // Applied here, so committed: an index at or past the change's entry.
        this.finish(key, request, 'done', '');
      },
      (error: unknown) => {
        if (error instanceof NodeStoppedError) {
          this.running.delete(key);
          return;
        }
        if (error instanceof NotLeaderError) this.finish(key, request, 'not-leader', '');
        else if (error instanceof MembershipChangeError) this.finish(key, request, 'refused', error.reason);
        else this.finish(key, request, 'unknown', error instanceof Error ? error.message : String(error));
      },
    );
  }

  private finish(
    key: string,
    request: ForwardMembershipRequest,
    outcome: ForwardMembershipResponse['outcome'],
    reason: string,
  ): void {
    this.running.delete(key);
    const answer = {
      type: 'forward-membership-response',
      from: this.host.nodeId,
      to: request.from,
      requestId: request.requestId,
      outcome,
      appliedIndex: outcome === 'done' ? this.host.appliedIndex() : 0,
      // Bounded: the wire limits it, and an error message is not worth a refused message.
      reason: reason.length > MAX_REASON_CHARS ? `${reason.slice(0, MAX_REASON_CHARS)}…` : reason,
    } as const;
    this.answered.set(key, answer);
    if (this.answered.size > REMEMBERED_ANSWERS) {
      this.answered.delete(this.answered.keys().next().value as string);
    }
    this.send(answer);
  }

  private send(answer: Omit<ForwardMembershipResponse, 'term' | 'leaderHint'>): void {
    this.host.send({ ...answer, term: this.host.currentTerm(), leaderHint: this.host.currentLeader() });
  }
}
