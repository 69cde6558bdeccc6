/** A request a follower forwarded to the leader. */
interface ForwardedRequest {
  /** The leader it went to. */
  readonly leaderId: string;
  /** The engine tick it was sent at. */
  readonly sentAtTick: number;
}

/**
 * The requests (proposals or reads) a follower forwarded and still awaits answers for. A request
 * ends when the answer arrives, when the leader changes (the old one will not answer), or when no
 * answer came within an election timeout (the request or its answer was lost).
 */
export class ForwardedRequests {
  private readonly requests = new Map<number, ForwardedRequest>();

  add(requestId: number, leaderId: string, tick: number): void {
    this.requests.set(requestId, { leaderId, sentAtTick: tick });
  }

  /** Removes the request if `from` is the leader it went to; returns whether it did. */
  settle(requestId: number, from: string): boolean {
    if (this.requests.get(requestId)?.leaderId !== from) return false;
    this.requests.delete(requestId);
    return true;
  }

  /** Removes and returns the requests that were not sent to `leaderId`. */
  takeNotSentTo(leaderId: string | undefined): number[] {
    const taken: number[] = [];
    for (const [requestId, request] of this.requests) {
      if (request.leaderId === leaderId) continue;
      this.requests.delete(requestId);
      taken.push(requestId);
    }
    return taken;
  }

  /** Removes and returns the requests sent at or before `tick`. */
  takeSentBy(tick: number): number[] {
    const taken: number[] = [];
    for (const [requestId, request] of this.requests) {
      // Insertion order is send order, so the first young request ends the scan.
      if (request.sentAtTick > tick) break;
      this.requests.delete(requestId);
      taken.push(requestId);
    }
    return taken;
  }
}
