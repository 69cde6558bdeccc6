import type { ForwardedMembershipOperation, Message } from '@raft/core';
import { MAX_ADDRESS_BYTES, MAX_NODE_ID_BYTES, MAX_REASON_BYTES } from '../wire-schema.js';

const uint = (value: unknown): boolean => Number.isSafeInteger(value) && (value as number) >= 0;
const bool = (value: unknown): boolean => typeof value === 'boolean';
const text = (value: unknown, maxBytes: number): boolean =>
  typeof value === 'string' && Buffer.byteLength(value, 'utf8') <= maxBytes;
const id = (value: unknown): boolean => text(value, MAX_NODE_ID_BYTES) && (value as string).length > 0;
const OUTCOMES: readonly unknown[] = ['done', 'not-leader', 'refused', 'unknown'];

/** A join with an id, a bounded address and a voter flag, or a leave with an id and nothing else. */
function isWellFormedOperation(operation: ForwardedMembershipOperation): boolean {
  if (typeof operation !== 'object' || operation === null || !id(operation.nodeId)) return false;
  switch (operation.kind) {
    case 'join':
      return text(operation.address, MAX_ADDRESS_BYTES) && bool(operation.voter);
    case 'leave':
      return Object.keys(operation).sort().join() === 'kind,nodeId';
    default:
      return false;
  }
}

/** Whether `message` is a well-formed Message: the check the fuzz tests apply to decoder output. */
export function isWellFormedMessage(message: Message): boolean {
  if (!id(message.from) || !id(message.to) || !uint(message.term)) return false;
  switch (message.type) {
    case 'append-entries':
      return (
        uint(message.prevLogIndex) &&
        uint(message.prevLogTerm) &&
        uint(message.leaderCommit) &&
        message.entries.every(
          (entry, index) =>
            entry.index === message.prevLogIndex + 1 + index &&
            entry.term >= 1 &&
            entry.term <= message.term &&
            ['normal', 'config', 'noop'].includes(entry.type) &&
            entry.data instanceof Uint8Array,
        )
      );
    case 'append-entries-response':
      return [message.matchIndex, message.rejectedIndex, message.hintIndex, message.hintTerm].every(uint);
    case 'request-vote':
      return uint(message.lastLogIndex) && uint(message.lastLogTerm);
    case 'request-vote-response':
      return bool(message.preVote) && bool(message.granted) && bool(message.campaignAgain);
    case 'heartbeat':
      return uint(message.commitIndex) && uint(message.readRound);
    case 'heartbeat-response':
      return uint(message.readRound);
    case 'timeout-now':
      return true;
    case 'forward-proposal':
      return uint(message.requestId) && message.proposals.every((proposal) => proposal instanceof Uint8Array);
    case 'forward-proposal-response':
    case 'read-index-response':
      return uint(message.requestId) && (message.leaderHint === undefined || id(message.leaderHint));
    case 'read-index':
      return uint(message.requestId);
    case 'install-snapshot':
      return (
        [
          message.transferId,
          message.lastIncludedIndex,
          message.lastIncludedTerm,
          message.totalBytes,
          message.offset,
        ].every(uint) &&
        message.offset + message.data.byteLength <= message.totalBytes &&
        message.membership.members.every((member) => id(member.id)) &&
        (message.checksum === '' || /^[0-9a-f]{64}$/.test(message.checksum))
      );
    case 'install-snapshot-response':
      return uint(message.transferId) && uint(message.nextOffset);
    case 'forward-membership':
      return uint(message.requestId) && isWellFormedOperation(message.operation);
    case 'forward-membership-response':
      return (
        uint(message.requestId) &&
        OUTCOMES.includes(message.outcome) &&
        uint(message.appliedIndex) &&
        (message.leaderHint === undefined || id(message.leaderHint)) &&
        text(message.reason, MAX_REASON_BYTES)
      );
    default:
      return false;
  }
}
