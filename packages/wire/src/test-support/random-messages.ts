import type {
  Entry,
  EntryType,
  ForwardedMembershipOperation,
  ForwardedMembershipOutcome,
  Message,
  MessageType,
} from '@raft/core';
import { MAX_ADDRESS_BYTES, MAX_REASON_BYTES } from '../wire-schema.js';

const ENTRY_TYPES: readonly EntryType[] = ['normal', 'config', 'noop'];
const IDS = ['a', 'node-2', 'n', 'ü-node', '节点', 'x'.repeat(255)];
/** Addresses of forwarded joins: empty, ASCII, non-ASCII and the longest allowed. */
const ADDRESSES = ['', '10.0.0.7:7000', 'nœud.example:1', 'a'.repeat(MAX_ADDRESS_BYTES)];
/** Reasons of forwarded membership answers: empty, short, non-ASCII and the longest allowed. */
const REASONS = ['', 'conflicting change in progress', 'déjà membre 节点', 'r'.repeat(MAX_REASON_BYTES)];
const OUTCOMES: readonly ForwardedMembershipOutcome[] = ['done', 'not-leader', 'refused', 'unknown'];

/** Every message kind: `message` picks one of them at random. */
export const MESSAGE_TYPES: readonly MessageType[] = [
  'append-entries',
  'append-entries-response',
  'request-vote',
  'request-vote-response',
  'heartbeat',
  'heartbeat-response',
  'timeout-now',
  'forward-proposal',
  'forward-proposal-response',
  'read-index',
  'install-snapshot',
  'install-snapshot-response',
  'read-index-response',
  'forward-membership',
  'forward-membership-response',
];

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

  function operation(): ForwardedMembershipOperation {
    return bool()
      ? { kind: 'join', nodeId: id(), address: ADDRESSES[int(ADDRESSES.length - 1)]!, voter: bool() }
      : { kind: 'leave', nodeId: id() };
  }

  /** A random valid message from `from`, of `type` or of a random kind. */
  function message(from: string, type?: MessageType): Message {
    const header = { from, to: id(), term: uint() };
    const kind = type ?? MESSAGE_TYPES[int(MESSAGE_TYPES.length - 1)]!;
    switch (kind) {
      case 'append-entries': {
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
      case 'append-entries-response':
        return {
          type: 'append-entries-response',
          ...header,
          success: bool(),
          matchIndex: uint(),
          rejectedIndex: uint(),
          hintIndex: uint(),
          hintTerm: uint(),
        };
      case 'request-vote':
        return {
          type: 'request-vote',
          ...header,
          preVote: bool(),
          lastLogIndex: uint(),
          lastLogTerm: uint(),
          transfer: bool(),
        };
      case 'request-vote-response':
        return {
          type: 'request-vote-response',
          ...header,
          preVote: bool(),
          granted: bool(),
          campaignAgain: bool(),
        };
      case 'heartbeat':
        return { type: 'heartbeat', ...header, commitIndex: uint(), readRound: uint() };
      case 'heartbeat-response':
        return { type: 'heartbeat-response', ...header, readRound: uint() };
      case 'timeout-now':
        return { type: 'timeout-now', ...header };
      case 'forward-proposal':
        return {
          type: 'forward-proposal',
          ...header,
          requestId: uint(),
          proposals: Array.from({ length: int(4) }, () => bytes(32)),
        };
      case 'forward-proposal-response':
        return {
          type: 'forward-proposal-response',
          ...header,
          requestId: uint(),
          accepted: bool(),
          firstIndex: uint(),
          leaderHint: hint(),
        };
      case 'read-index':
        return { type: 'read-index', ...header, requestId: uint() };
      case 'install-snapshot': {
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
      case 'install-snapshot-response':
        return {
          type: 'install-snapshot-response',
          ...header,
          transferId: uint(),
          accepted: bool(),
          nextOffset: uint(),
        };
      case 'read-index-response':
        return {
          type: 'read-index-response',
          ...header,
          requestId: uint(),
          accepted: bool(),
          readIndex: uint(),
          leaderHint: hint(),
        };
      case 'forward-membership':
        return { type: 'forward-membership', ...header, requestId: uint(), operation: operation() };
      case 'forward-membership-response':
        return {
          type: 'forward-membership-response',
          ...header,
          requestId: uint(),
          outcome: OUTCOMES[int(OUTCOMES.length - 1)]!,
          appliedIndex: uint(),
          leaderHint: hint(),
          reason: REASONS[int(REASONS.length - 1)]!,
        };
      default:
        throw new Error(`unknown message type ${String(kind satisfies never)}`);
    }
  }

  /** A batch of 0..`maxCount` random messages, all from one random sender. */
  function batch(maxCount: number): { senderId: string; messages: Message[] } {
    const senderId = id();
    return { senderId, messages: Array.from({ length: int(maxCount) }, () => message(senderId)) };
  }

  return { message, batch, int, bytes };
}
