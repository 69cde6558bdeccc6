import type { Entry, EntryType, Member, Membership, Message } from '@raft/core';
import { decodeForwardMembership, decodeForwardMembershipResponse } from './decode-forward-membership.js';
import { type DecodeLimits, type DecodeOptions, resolveDecodeLimits } from './decode-limits.js';
import type { Envelope } from './envelope.js';
import { UnsupportedVersionError } from './errors/unsupported-version-error.js';
import { WireDecodeError } from './errors/wire-decode-error.js';
import { ByteReader } from './protobuf/byte-reader.js';
import { WireType } from './protobuf/wire-type.js';
import {
  AppendEntriesField as AE,
  BodyField,
  EntryField,
  EnvelopeField,
  FIRST_BODY_FIELD,
  ForwardProposalField as FP,
  InstallSnapshotField as IS,
  LAST_BODY_FIELD,
  MAX_ADDRESS_BYTES,
  MAX_NODE_ID_BYTES,
  MemberField,
  MembershipField,
  RaftMessageField,
  SUPPORTED_WIRE_VERSIONS,
} from './wire-schema.js';

const ENTRY_TYPES: readonly (EntryType | undefined)[] = [undefined, 'normal', 'config', 'noop'];
const MAX_UINT32 = 0xffffffff;

/**
 * Decodes and validates one envelope. Everything is checked (wire types, ranges, required fields,
 * entry types, the Raft invariants of an append, the limits), so the messages returned are
 * well-formed `Message`s whose `from` is the envelope's sender. Entry data and forwarded proposals
 * are views into `bytes` (no copy): `bytes` must not be reused while they are alive.
 *
 * @throws UnsupportedVersionError if the envelope's version is not one this codec reads.
 * @throws WireDecodeError for anything else wrong; no other error escapes.
 */
export function decodeEnvelope(bytes: Uint8Array, options: DecodeOptions = {}): Envelope {
  if (!(bytes instanceof Uint8Array)) throw new WireDecodeError('input is not a Uint8Array');
  const limits = resolveDecodeLimits(options.limits);
  if (bytes.byteLength > limits.maxEnvelopeBytes) {
    throw new WireDecodeError(
      `envelope of ${bytes.byteLength} bytes exceeds maxEnvelopeBytes ${limits.maxEnvelopeBytes}`,
    );
  }
  const reader = new ByteReader(bytes);
  const end = bytes.byteLength;
  let version = 0;
  let clusterId = '';
  let senderId = '';
  // Messages are decoded after the header fields, which may come in any order.
  const messageRanges: number[] = [];
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case EnvelopeField.version:
        reader.expectWireType(key, WireType.varint, 'Envelope.version');
        version = reader.varint(end);
        if (version > MAX_UINT32) reader.fail('Envelope.version: out of uint32 range');
        break;
      case EnvelopeField.clusterId:
        reader.expectWireType(key, WireType.lengthDelimited, 'Envelope.cluster_id');
        clusterId = reader.string(end, MAX_NODE_ID_BYTES, 'Envelope.cluster_id');
        break;
      case EnvelopeField.senderId:
        reader.expectWireType(key, WireType.lengthDelimited, 'Envelope.sender_id');
        senderId = reader.string(end, MAX_NODE_ID_BYTES, 'Envelope.sender_id');
        break;
      case EnvelopeField.messages: {
        reader.expectWireType(key, WireType.lengthDelimited, 'Envelope.messages');
        if (messageRanges.length / 2 >= limits.maxMessagesPerEnvelope) {
          reader.fail(`Envelope.messages: more than maxMessagesPerEnvelope ${limits.maxMessagesPerEnvelope}`);
        }
        const messageEnd = reader.lengthDelimited(end);
        messageRanges.push(reader.position, messageEnd);
        reader.position = messageEnd;
        break;
      }
      default:
        reader.skip(key & 7, end);
    }
  }
  if (version === 0) throw new WireDecodeError('Envelope.version: required');
  if (!SUPPORTED_WIRE_VERSIONS.includes(version))
    throw new UnsupportedVersionError(version, SUPPORTED_WIRE_VERSIONS);
  if (senderId === '') throw new WireDecodeError('Envelope.sender_id: required');

  const messages: Message[] = new Array(messageRanges.length / 2);
  for (let index = 0; index < messages.length; index++) {
    reader.position = messageRanges[2 * index]!;
    messages[index] = decodeMessage(reader, messageRanges[2 * index + 1]!, senderId, limits);
  }
  return { version, clusterId, senderId, messages };
}

/**
 * Decodes an envelope and returns its messages; see {@link decodeEnvelope}.
 *
 * @throws UnsupportedVersionError | WireDecodeError
 */
export function decodeMessages(bytes: Uint8Array, options: DecodeOptions = {}): Message[] {
  return decodeEnvelope(bytes, options).messages as Message[];
}

function decodeMessage(reader: ByteReader, end: number, from: string, limits: DecodeLimits): Message {
  let to = '';
  let term = 0;
  let bodyField = 0;
  let bodyStart = 0;
  let bodyEnd = 0;
  while (reader.position < end) {
    const key = reader.key(end);
    const fieldNumber = key >>> 3;
    if (fieldNumber === RaftMessageField.to) {
      reader.expectWireType(key, WireType.lengthDelimited, 'RaftMessage.to');
      to = reader.string(end, MAX_NODE_ID_BYTES, 'RaftMessage.to');
    } else if (fieldNumber === RaftMessageField.term) {
      reader.expectWireType(key, WireType.varint, 'RaftMessage.term');
      term = reader.varint(end);
    } else if (fieldNumber >= FIRST_BODY_FIELD && fieldNumber <= LAST_BODY_FIELD) {
      reader.expectWireType(key, WireType.lengthDelimited, 'RaftMessage.body');
      if (bodyField !== 0) reader.fail('RaftMessage.body: set more than once');
      bodyField = fieldNumber;
      bodyEnd = reader.lengthDelimited(end);
      bodyStart = reader.position;
      reader.position = bodyEnd;
    } else {
      reader.skip(key & 7, end);
    }
  }
  if (to === '') reader.fail('RaftMessage.to: required');
  if (bodyField === 0) reader.fail('RaftMessage.body: required (unknown or missing message kind)');
  reader.position = bodyStart;
  const header = { from, to, term };
  switch (bodyField) {
    case BodyField['append-entries']:
      return decodeAppendEntries(reader, bodyEnd, header, limits);
    case BodyField['forward-proposal']:
      return decodeForwardProposal(reader, bodyEnd, header, limits);
    case BodyField['install-snapshot']:
      return decodeInstallSnapshot(reader, bodyEnd, header, limits);
    case BodyField['forward-membership']:
      return decodeForwardMembership(reader, bodyEnd, header);
    case BodyField['forward-membership-response']:
      return decodeForwardMembershipResponse(reader, bodyEnd, header);
    default:
      return decodeScalarBody(reader, bodyEnd, header, bodyField);
  }
}

interface Header {
  readonly from: string;
  readonly to: string;
  readonly term: number;
}

/** What each field of a scalar-only body is: a uint, a bool or a node id (a leader hint). */
type FieldKind = 'uint' | 'bool' | 'id';

/** Scalar bodies, by body field: the kind of each field number (index 0 unused). */
const SCALAR_BODIES: Readonly<Record<number, readonly (FieldKind | undefined)[]>> = {
  [BodyField['append-entries-response']]: [undefined, 'bool', 'uint', 'uint', 'uint', 'uint'],
  [BodyField['request-vote']]: [undefined, 'bool', 'uint', 'uint', 'bool'],
  [BodyField['request-vote-response']]: [undefined, 'bool', 'bool', 'bool'],
  [BodyField.heartbeat]: [undefined, 'uint', 'uint'],
  [BodyField['heartbeat-response']]: [undefined, 'uint'],
  [BodyField['timeout-now']]: [undefined],
  [BodyField['forward-proposal-response']]: [undefined, 'uint', 'bool', 'uint', 'id'],
  [BodyField['read-index']]: [undefined, 'uint'],
  [BodyField['read-index-response']]: [undefined, 'uint', 'bool', 'uint', 'id'],
  [BodyField['install-snapshot-response']]: [undefined, 'uint', 'bool', 'uint'],
};

function decodeScalarBody(reader: ByteReader, end: number, header: Header, bodyField: number): Message {
  const kinds = SCALAR_BODIES[bodyField]!;
  const values = [0, 0, 0, 0, 0, 0];
  let hint: string | undefined;
  while (reader.position < end) {
    const key = reader.key(end);
    const fieldNumber = key >>> 3;
    const kind = kinds[fieldNumber];
    if (kind === undefined) {
      reader.skip(key & 7, end);
    } else if (kind === 'id') {
      reader.expectWireType(key, WireType.lengthDelimited, 'leader_hint');
      hint = reader.string(end, MAX_NODE_ID_BYTES, 'leader_hint');
    } else {
      reader.expectWireType(key, WireType.varint, `field ${fieldNumber}`);
      values[fieldNumber] =
        kind === 'bool' ? Number(reader.bool(end, `field ${fieldNumber}`)) : reader.varint(end);
    }
  }
  const [, a = 0, b = 0, c = 0, d = 0, e = 0] = values;
  const leaderHint = hint === '' ? undefined : hint;
  switch (bodyField) {
    case BodyField['append-entries-response']:
      return {
        type: 'append-entries-response',
        ...header,
        success: a === 1,
        matchIndex: b,
        rejectedIndex: c,
        hintIndex: d,
        hintTerm: e,
      };
    case BodyField['request-vote']:
      return {
        type: 'request-vote',
        ...header,
        preVote: a === 1,
        lastLogIndex: b,
        lastLogTerm: c,
        transfer: d === 1,
      };
    case BodyField['request-vote-response']:
      return {
        type: 'request-vote-response',
        ...header,
        preVote: a === 1,
        granted: b === 1,
        campaignAgain: c === 1,
      };
    case BodyField.heartbeat:
      return { type: 'heartbeat', ...header, commitIndex: a, readRound: b };
    case BodyField['heartbeat-response']:
      return { type: 'heartbeat-response', ...header, readRound: a };
    case BodyField['timeout-now']:
      return { type: 'timeout-now', ...header };
    case BodyField['forward-proposal-response']:
      return {
        type: 'forward-proposal-response',
        ...header,
        requestId: a,
        accepted: b === 1,
        firstIndex: c,
        leaderHint,
      };
    case BodyField['read-index']:
      return { type: 'read-index', ...header, requestId: a };
    case BodyField['install-snapshot-response']:
      return {
        type: 'install-snapshot-response',
        ...header,
        transferId: a,
        accepted: b === 1,
        nextOffset: c,
      };
    default:
      return {
        type: 'read-index-response',
        ...header,
        requestId: a,
        accepted: b === 1,
        readIndex: c,
        leaderHint,
      };
  }
}

function decodeAppendEntries(reader: ByteReader, end: number, header: Header, limits: DecodeLimits): Message {
  let prevLogIndex = 0;
  let prevLogTerm = 0;
  let leaderCommit = 0;
  const entries: Entry[] = [];
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case AE.prevLogIndex:
        reader.expectWireType(key, WireType.varint, 'AppendEntries.prev_log_index');
        prevLogIndex = reader.varint(end);
        break;
      case AE.prevLogTerm:
        reader.expectWireType(key, WireType.varint, 'AppendEntries.prev_log_term');
        prevLogTerm = reader.varint(end);
        break;
      case AE.leaderCommit:
        reader.expectWireType(key, WireType.varint, 'AppendEntries.leader_commit');
        leaderCommit = reader.varint(end);
        break;
      case AE.entries: {
        reader.expectWireType(key, WireType.lengthDelimited, 'AppendEntries.entries');
        if (entries.length >= limits.maxEntriesPerMessage) {
          reader.fail(`AppendEntries.entries: more than maxEntriesPerMessage ${limits.maxEntriesPerMessage}`);
        }
        const entryEnd = reader.lengthDelimited(end);
        entries.push(decodeEntry(reader, entryEnd));
        break;
      }
      default:
        reader.skip(key & 7, end);
    }
  }
  // The invariants of an append (Raft paper §5.3, Log Matching): consecutive indexes after
  // prevLogIndex, terms never decreasing and never past the leader's term.
  let previousTerm = prevLogTerm;
  if (prevLogTerm > header.term)
    throw new WireDecodeError('AppendEntries.prev_log_term: greater than the message term');
  for (let index = 0; index < entries.length; index++) {
    const entry = entries[index]!;
    if (entry.index !== prevLogIndex + 1 + index) {
      throw new WireDecodeError(
        `AppendEntries.entries[${index}].index: ${entry.index}, expected ${prevLogIndex + 1 + index}`,
      );
    }
    if (entry.term < previousTerm || entry.term > header.term) {
      throw new WireDecodeError(
        `AppendEntries.entries[${index}].term: ${entry.term} outside [${previousTerm}, ${header.term}]`,
      );
    }
    previousTerm = entry.term;
  }
  return { type: 'append-entries', ...header, prevLogIndex, prevLogTerm, entries, leaderCommit };
}

function decodeEntry(reader: ByteReader, end: number): Entry {
  let index = 0;
  let term = 0;
  let typeValue = 0;
  let data: Uint8Array | undefined;
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case EntryField.index:
        reader.expectWireType(key, WireType.varint, 'Entry.index');
        index = reader.varint(end);
        break;
      case EntryField.term:
        reader.expectWireType(key, WireType.varint, 'Entry.term');
        term = reader.varint(end);
        break;
      case EntryField.type:
        reader.expectWireType(key, WireType.varint, 'Entry.type');
        typeValue = reader.varint(end);
        break;
      case EntryField.data:
        reader.expectWireType(key, WireType.lengthDelimited, 'Entry.data');
        data = reader.bytes(end);
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  const type = ENTRY_TYPES[typeValue];
  if (type === undefined) reader.fail(`Entry.type: unknown value ${typeValue}`);
  if (index === 0) reader.fail('Entry.index: required (>= 1)');
  if (term === 0) reader.fail('Entry.term: required (>= 1)');
  return { index, term, type, data: data ?? reader.buffer.subarray(end, end) };
}

function decodeForwardProposal(
  reader: ByteReader,
  end: number,
  header: Header,
  limits: DecodeLimits,
): Message {
  let requestId = 0;
  const proposals: Uint8Array[] = [];
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case FP.requestId:
        reader.expectWireType(key, WireType.varint, 'ForwardProposal.request_id');
        requestId = reader.varint(end);
        break;
      case FP.proposals:
        reader.expectWireType(key, WireType.lengthDelimited, 'ForwardProposal.proposals');
        if (proposals.length >= limits.maxEntriesPerMessage) {
          reader.fail(
            `ForwardProposal.proposals: more than maxEntriesPerMessage ${limits.maxEntriesPerMessage}`,
          );
        }
        proposals.push(reader.bytes(end));
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  return { type: 'forward-proposal', ...header, requestId, proposals };
}

function decodeInstallSnapshot(
  reader: ByteReader,
  end: number,
  header: Header,
  limits: DecodeLimits,
): Message {
  const values = [0, 0, 0, 0, 0, 0, 0];
  let membership: Membership = { members: [] };
  let data: Uint8Array | undefined;
  let done = false;
  let checksum = '';
  while (reader.position < end) {
    const key = reader.key(end);
    const fieldNumber = key >>> 3;
    switch (fieldNumber) {
      case IS.transferId:
      case IS.lastIncludedIndex:
      case IS.lastIncludedTerm:
      case IS.totalBytes:
      case IS.offset:
        reader.expectWireType(key, WireType.varint, `InstallSnapshot field ${fieldNumber}`);
        values[fieldNumber] = reader.varint(end);
        break;
      case IS.membership: {
        reader.expectWireType(key, WireType.lengthDelimited, 'InstallSnapshot.membership');
        const membershipEnd = reader.lengthDelimited(end);
        membership = decodeMembership(reader, membershipEnd, limits);
        break;
      }
      case IS.data:
        reader.expectWireType(key, WireType.lengthDelimited, 'InstallSnapshot.data');
        data = reader.bytes(end);
        break;
      case IS.done:
        reader.expectWireType(key, WireType.varint, 'InstallSnapshot.done');
        done = reader.bool(end, 'InstallSnapshot.done');
        break;
      case IS.checksum:
        reader.expectWireType(key, WireType.lengthDelimited, 'InstallSnapshot.checksum');
        checksum = reader.string(end, 64, 'InstallSnapshot.checksum');
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  const [, transferId = 0, lastIncludedIndex = 0, lastIncludedTerm = 0, , totalBytes = 0, offset = 0] =
    values;
  const chunk = data ?? reader.buffer.subarray(end, end);
  if (offset + chunk.byteLength > totalBytes) {
    throw new WireDecodeError(
      `InstallSnapshot: chunk [${offset}, +${chunk.byteLength}) past totalBytes ${totalBytes}`,
    );
  }
  if (checksum !== '' && !/^[0-9a-f]{64}$/.test(checksum)) {
    throw new WireDecodeError('InstallSnapshot.checksum: not 64 lowercase hex digits');
  }
  return {
    type: 'install-snapshot',
    ...header,
    transferId,
    lastIncludedIndex,
    lastIncludedTerm,
    membership,
    totalBytes,
    offset,
    data: chunk,
    done,
    checksum,
  };
}

function decodeMembership(reader: ByteReader, end: number, limits: DecodeLimits): Membership {
  const members: Member[] = [];
  const ids = new Set<string>();
  const outgoingVoters: string[] = [];
  let joint = false;
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case MembershipField.members: {
        reader.expectWireType(key, WireType.lengthDelimited, 'Membership.members');
        if (members.length >= limits.maxEntriesPerMessage) reader.fail('Membership.members: too many');
        const memberEnd = reader.lengthDelimited(end);
        const member = decodeMember(reader, memberEnd);
        if (ids.has(member.id)) reader.fail(`Membership.members: duplicate id ${JSON.stringify(member.id)}`);
        ids.add(member.id);
        members.push(member);
        break;
      }
      case MembershipField.outgoingVoters: {
        reader.expectWireType(key, WireType.lengthDelimited, 'Membership.outgoing_voters');
        if (outgoingVoters.length >= limits.maxEntriesPerMessage)
          reader.fail('Membership.outgoing_voters: too many');
        const voter = reader.string(end, MAX_NODE_ID_BYTES, 'Membership.outgoing_voters');
        if (voter === '') reader.fail('Membership.outgoing_voters: empty id');
        outgoingVoters.push(voter);
        break;
      }
      case MembershipField.joint:
        reader.expectWireType(key, WireType.varint, 'Membership.joint');
        joint = reader.bool(end, 'Membership.joint');
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  if (!joint && outgoingVoters.length > 0) reader.fail('Membership.outgoing_voters: set without joint');
  return joint ? { members, outgoingVoters } : { members };
}

function decodeMember(reader: ByteReader, end: number): Member {
  let id = '';
  let address = '';
  let voter = false;
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case MemberField.id:
        reader.expectWireType(key, WireType.lengthDelimited, 'Member.id');
        id = reader.string(end, MAX_NODE_ID_BYTES, 'Member.id');
        break;
      case MemberField.address:
        reader.expectWireType(key, WireType.lengthDelimited, 'Member.address');
        address = reader.string(end, MAX_ADDRESS_BYTES, 'Member.address');
        break;
      case MemberField.voter:
        reader.expectWireType(key, WireType.varint, 'Member.voter');
        voter = reader.bool(end, 'Member.voter');
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  if (id === '') reader.fail('Member.id: required');
  return { id, address, voter };
}
