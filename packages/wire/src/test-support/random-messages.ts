import type { Entry, EntryType, Message } from '@raft/core';

const ENTRY_TYPES: readonly EntryType[] = ['normal', 'config', 'noop'];
const IDS = ['a', 'node-2', 'n', 'ü-node', '节点', 'x'.repeat(255)];

/** A generator of random, valid messages for property tests, driven by a seeded `random`. */
export function createMessageGenerator(random: () => number) {
  const int = (max: number): number => Math.floor(random() * (max + 1));
  /** Mostly small numbers, sometimes near the 2^53 edge, to cover every varint length. */
  const uint = (): number => {
    const pick = random();
    if (pick < 0.3) return int(3);
    if (pick < 0.8) return int(1_000_000);
    if (pick < 0.95) return int(2 ** 40);
    return Number.MAX_SAFE_INTEGER - int(1000);
  };
  const bool = (): boolean => random() < 0.5;
  const id = (): string => IDS[int(IDS.length - 1)]!;
  const bytes = (maxLength: number): Uint8Array => {
    const data = new Uint8Array(int(maxLength));
    for (let index = 0; index < data.length; index++) data[index] = int(255);
    return data;
  };
  const hint = (): string | undefined => (bool() ? undefined : id());

  function entries(prevLogIndex: number, prevLogTerm: number, term: number): Entry[] {
    const count = int(5);
    const result: Entry[] = [];
    let entryTerm = Math.max(prevLogTerm, 1);
    for (let index = 0; index < count; index++) {
      if (entryTerm < term && bool()) entryTerm += int(term - entryTerm);
      result.push({
        index: prevLogIndex + 1 + index,
        term: entryTerm,
        type: ENTRY_TYPES[int(2)]!,
        data: bytes(64),
      });
    }
    return result;
  }

  /** A random valid message from `from`. */
  function message(from: string): Message {
    const header = { from, to: id(), term: uint() };
    switch (int(12)) {
      case 0: {
        const term = Math.max(1, int(1000));
        const prevLogIndex = int(1_000_000);
        const prevLogTerm = prevLogIndex === 0 ? 0 : int(term);
        return {
          type: 'append-entries',
          ...header,
          term,
          prevLogIndex,
          prevLogTerm,
          entries: entries(prevLogIndex, prevLogTerm, term),
          leaderCommit: uint(),
        };
      }
      case 1:
        return {
          type: 'append-entries-response',
          ...header,
          success: bool(),
          matchIndex: uint(),
          rejectedIndex: uint(),
          hintIndex: uint(),
          hintTerm: uint(),
        };
      case 2:
        return {
          type: 'request-vote',
          ...header,
          preVote: bool(),
          lastLogIndex: uint(),
          lastLogTerm: uint(),
          transfer: bool(),
        };
      case 3:
        return { type: 'request-vote-response', ...header, preVote: bool(), granted: bool() };
      case 4:
        return { type: 'heartbeat', ...header, commitIndex: uint(), readRound: uint() };
      case 5:
        return { type: 'heartbeat-response', ...header, readRound: uint() };
      case 6:
        return { type: 'timeout-now', ...header };
      case 7:
        return {
          type: 'forward-proposal',
          ...header,
          requestId: uint(),
          proposals: Array.from({ length: int(4) }, () => bytes(32)),
        };
      case 8:
        return {
          type: 'forward-proposal-response',
          ...header,
          requestId: uint(),
          accepted: bool(),
          firstIndex: uint(),
          leaderHint: hint(),
        };
      case 9:
        return { type: 'read-index', ...header, requestId: uint() };
      case 10: {
        const data = bytes(64);
        const offset = int(1000);
        return {
          type: 'install-snapshot',
          ...header,
          transferId: uint(),
          lastIncludedIndex: uint(),
          lastIncludedTerm: uint(),
          membership: {
            members: [...new Set([id(), id(), id()])].map((memberId) => ({
              id: memberId,
              address: bool() ? '' : `${memberId}:80`,
              voter: bool(),
            })),
            ...(bool() ? { outgoingVoters: bool() ? [] : [id()] } : {}),
          },
          totalBytes: offset + data.length + int(10),
          offset,
          data,
          done: bool(),
          checksum: bool() ? '' : '0123456789abcdef'.repeat(4),
        };
      }
      case 11:
        return {
          type: 'install-snapshot-response',
          ...header,
          transferId: uint(),
          accepted: bool(),
          nextOffset: uint(),
        };
      default:
        return {
          type: 'read-index-response',
          ...header,
          requestId: uint(),
          accepted: bool(),
          readIndex: uint(),
          leaderHint: hint(),
        };
    }
  }

  /** A batch of 0..`maxCount` random messages, all from one random sender. */
  function batch(maxCount: number): { senderId: string; messages: Message[] } {
    const senderId = id();
    return { senderId, messages: Array.from({ length: int(maxCount) }, () => message(senderId)) };
  }

  return { message, batch, int, bytes };
}
