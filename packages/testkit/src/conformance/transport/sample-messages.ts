import type { AppendEntriesRequest, HeartbeatRequest, Message } from '@raft/core';

/** A heartbeat whose `readRound` numbers it, for ordering checks. */
export function heartbeat(from: string, to: string, readRound: number): HeartbeatRequest {
  return { type: 'heartbeat', from, to, term: 1, commitIndex: 0, readRound };
}

/** An append of `count` entries of `size` bytes each, filled with a pattern derived from `seed`. */
export function append(
  from: string,
  to: string,
  count: number,
  size: number,
  seed = 1,
): AppendEntriesRequest {
  const entries = Array.from({ length: count }, (_, index) => {
    const data = new Uint8Array(size);
    for (let offset = 0; offset < size; offset++) data[offset] = (seed + index + offset * 31) & 0xff;
    return { index: 11 + index, term: 2, type: 'normal' as const, data };
  });
  return {
    type: 'append-entries',
    from,
    to,
    term: 2,
    prevLogIndex: 10,
    prevLogTerm: 1,
    entries,
    leaderCommit: 9,
  };
}

/** At least one of every message kind from `from` to `to` (a forwarded join and leave, two outcomes). */
export function everyMessageKind(from: string, to: string): Message[] {
  const header = { from, to, term: 7 };
  return [
    append(from, to, 3, 5),
    {
      type: 'append-entries-response',
      ...header,
      success: false,
      matchIndex: 0,
      rejectedIndex: 4,
      hintIndex: 2,
      hintTerm: 1,
    },
    { type: 'request-vote', ...header, preVote: true, lastLogIndex: 9, lastLogTerm: 6, transfer: false },
    { type: 'request-vote-response', ...header, preVote: false, granted: false, campaignAgain: true },
    heartbeat(from, to, 3),
    { type: 'heartbeat-response', ...header, readRound: 3 },
    { type: 'timeout-now', ...header },
    {
      type: 'forward-proposal',
      ...header,
      requestId: 4,
      proposals: [new Uint8Array([1, 2]), new Uint8Array()],
    },
    {
      type: 'forward-proposal-response',
      ...header,
      requestId: 4,
      accepted: false,
      firstIndex: 0,
      leaderHint: 'x',
    },
    { type: 'read-index', ...header, requestId: 5 },
    {
      type: 'read-index-response',
      ...header,
      requestId: 5,
      accepted: true,
      readIndex: 12,
      leaderHint: undefined,
    },
    {
      type: 'install-snapshot',
      ...header,
      transferId: 6,
      lastIncludedIndex: 20,
      lastIncludedTerm: 5,
      membership: {
        members: [
          { id: from, address: 'somewhere:1', voter: true },
          { id: to, address: '', voter: false },
        ],
      },
      totalBytes: 10,
      offset: 4,
      data: new Uint8Array([1, 2, 3, 4, 5, 6]),
      done: true,
      checksum: '0f'.repeat(32),
    },
    { type: 'install-snapshot-response', ...header, transferId: 6, accepted: true, nextOffset: 10 },
    {
      type: 'forward-membership',
      ...header,
      requestId: 8,
      operation: { kind: 'join', nodeId: 'joiner', address: 'joiner.example:7000', voter: false },
    },
    { type: 'forward-membership', ...header, requestId: 9, operation: { kind: 'leave', nodeId: from } },
    {
      type: 'forward-membership-response',
      ...header,
      requestId: 8,
      outcome: 'refused',
      appliedIndex: 0,
      leaderHint: to,
      reason: 'a membership change is already in progress',
    },
    {
      type: 'forward-membership-response',
      ...header,
      requestId: 9,
      outcome: 'done',
      appliedIndex: 21,
      leaderHint: undefined,
      reason: '',
    },
  ];
}

/** `messages` with byte arrays as base64 strings, for fast deep equality across copies and views. */
export function comparable(messages: readonly Message[]): unknown {
  return JSON.parse(
    JSON.stringify(messages, function (this: Record<string, unknown>, key) {
      // The replacer sees Buffers after their toJSON: read the original value from the holder.
      const value = this[key];
      return value instanceof Uint8Array
        ? `bytes:${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64')}`
        : value;
    }),
  );
}
