import type {
  AppendEntriesRequest,
  Entry,
  ForwardMembershipRequest,
  ForwardMembershipResponse,
  InstallSnapshotRequest,
  Message,
} from '@raft/core';
import type { EncodeOptions } from './envelope.js';
import { WireEncodeError } from './errors/wire-encode-error.js';
import { ByteWriter, lengthDelimitedFieldSize, varintFieldSize } from './protobuf/byte-writer.js';
import {
  AppendEntriesField as AE,
  AppendEntriesResponseField as AER,
  BodyField,
  EntryField,
  EntryTypeValue,
  EnvelopeField,
  ForwardMembershipField as FM,
  ForwardMembershipResponseField as FMR,
  ForwardProposalField as FP,
  ForwardProposalResponseField as FPR,
  HeartbeatField as HB,
  HeartbeatResponseField as HBR,
  InstallSnapshotField as IS,
  InstallSnapshotResponseField as ISR,
  MAX_ADDRESS_BYTES,
  MAX_NODE_ID_BYTES,
  MAX_REASON_BYTES,
  MemberField,
  MembershipField,
  MembershipOperationKindValue,
  MembershipOutcomeValue,
  MembershipOperationField as MO,
  RaftMessageField,
  ReadIndexField as RI,
  ReadIndexResponseField as RIR,
  RequestVoteField as RV,
  RequestVoteResponseField as RVR,
  WIRE_PROTOCOL_VERSION,
} from './wire-schema.js';

const utf8 = new TextEncoder();
/** UTF-8 of recently seen node ids: a cluster has few, and each message names one. */
const idCache = new Map<string, Uint8Array>();
const ID_CACHE_LIMIT = 4096;
const EMPTY = new Uint8Array(0);

/**
 * Encodes a batch of messages from one node as a version-1 `Envelope` (see
 * `proto/raft/wire/v1/raft.proto`), in one allocation of exactly the right size.
 *
 * A forwarded membership operation's `reason` longer than `MAX_REASON_BYTES` is cut at a character
 * boundary (it is a diagnostic); everything else is written as it is or refused.
 *
 * @throws WireEncodeError if a message cannot be represented: a term or index that is not a
 *   non-negative safe integer, an empty or over-long node id, an address over `MAX_ADDRESS_BYTES`,
 *   an unknown message type, operation kind or outcome, or a `from` other than the sender.
 */
export function encodeMessages(messages: readonly Message[], options: EncodeOptions = {}): Uint8Array {
  const senderId = options.senderId ?? messages[0]?.from;
  if (senderId === undefined) throw new WireEncodeError('senderId: required for an empty batch');
  const senderBytes = nodeIdBytes(senderId, 'senderId');
  const clusterBytes =
    options.clusterId === undefined || options.clusterId === '' ? undefined : utf8.encode(options.clusterId);

  // Pass 1: measure every nested message, in the order pass 2 writes them.
  const sizes: number[] = [];
  let total = varintFieldSize(EnvelopeField.version, WIRE_PROTOCOL_VERSION);
  if (clusterBytes !== undefined)
    total += lengthDelimitedFieldSize(EnvelopeField.clusterId, clusterBytes.length);
  total += lengthDelimitedFieldSize(EnvelopeField.senderId, senderBytes.length);
  for (const message of messages) {
    if (message.from !== senderId) {
      throw new WireEncodeError(`from: "${message.from}" differs from the envelope's sender "${senderId}"`);
    }
    total += lengthDelimitedFieldSize(EnvelopeField.messages, measureMessage(message, sizes));
  }

  // Pass 2: write.
  const writer = new ByteWriter(total);
  writer.varintField(EnvelopeField.version, WIRE_PROTOCOL_VERSION);
  if (clusterBytes !== undefined) writer.bytesField(EnvelopeField.clusterId, clusterBytes);
  writer.bytesField(EnvelopeField.senderId, senderBytes);
  const cursor = { next: 0 };
  for (const message of messages) writeMessage(writer, message, sizes, cursor);
  return writer.buffer;
}

function nodeIdBytes(id: string, field: string, maxBytes = MAX_NODE_ID_BYTES): Uint8Array {
  let bytes = idCache.get(id);
  if (bytes !== undefined && bytes.length <= maxBytes) return bytes;
  if (typeof id !== 'string' || id === '') throw new WireEncodeError(`${field}: must be a non-empty string`);
  bytes = utf8.encode(id);
  if (bytes.length > maxBytes) throw new WireEncodeError(`${field}: longer than ${maxBytes} bytes`);
  if (idCache.size >= ID_CACHE_LIMIT) idCache.clear();
  idCache.set(id, bytes);
  return bytes;
}

/** The size of an optional uint field: 0 when `value` is the default 0. Validates `value`. */
function uintSize(fieldNumber: number, value: number, field: string): number {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new WireEncodeError(`${field}: ${String(value)} is not a non-negative safe integer`);
  }
  return value === 0 ? 0 : varintFieldSize(fieldNumber, value);
}

/** The size of a bool field: 0 when false. */
function boolSize(value: boolean): number {
  return value ? 2 : 0;
}

function measureMessage(message: Message, sizes: number[]): number {
  const slot = sizes.length;
  sizes.push(0, 0);
  const body = measureBody(message, sizes);
  sizes[slot + 1] = body;
  const size =
    lengthDelimitedFieldSize(RaftMessageField.to, nodeIdBytes(message.to, 'to').length) +
    uintSize(RaftMessageField.term, message.term, 'term') +
    lengthDelimitedFieldSize(BodyField[message.type], body);
  sizes[slot] = size;
  return size;
}

function measureBody(message: Message, sizes: number[]): number {
  switch (message.type) {
    case 'append-entries':
      return measureAppendEntries(message, sizes);
    case 'append-entries-response':
      return (
        boolSize(message.success) +
        uintSize(AER.matchIndex, message.matchIndex, 'matchIndex') +
        uintSize(AER.rejectedIndex, message.rejectedIndex, 'rejectedIndex') +
        uintSize(AER.hintIndex, message.hintIndex, 'hintIndex') +
        uintSize(AER.hintTerm, message.hintTerm, 'hintTerm')
      );
    case 'request-vote':
      return (
        boolSize(message.preVote) +
        uintSize(RV.lastLogIndex, message.lastLogIndex, 'lastLogIndex') +
        uintSize(RV.lastLogTerm, message.lastLogTerm, 'lastLogTerm') +
        boolSize(message.transfer)
      );
    case 'request-vote-response':
      return boolSize(message.preVote) + boolSize(message.granted) + boolSize(message.campaignAgain);
    case 'heartbeat':
      return (
        uintSize(HB.commitIndex, message.commitIndex, 'commitIndex') +
        uintSize(HB.readRound, message.readRound, 'readRound')
      );
    case 'heartbeat-response':
      return uintSize(HBR.readRound, message.readRound, 'readRound');
    case 'timeout-now':
      return 0;
    case 'forward-proposal': {
      let size = uintSize(FP.requestId, message.requestId, 'requestId');
      for (const proposal of message.proposals)
        size += lengthDelimitedFieldSize(FP.proposals, proposal.byteLength);
      return size;
    }
    case 'forward-proposal-response':
      return (
        uintSize(FPR.requestId, message.requestId, 'requestId') +
        boolSize(message.accepted) +
        uintSize(FPR.firstIndex, message.firstIndex, 'firstIndex') +
        hintSize(FPR.leaderHint, message.leaderHint)
      );
    case 'read-index':
      return uintSize(RI.requestId, message.requestId, 'requestId');
    case 'read-index-response':
      return (
        uintSize(RIR.requestId, message.requestId, 'requestId') +
        boolSize(message.accepted) +
        uintSize(RIR.readIndex, message.readIndex, 'readIndex') +
        hintSize(RIR.leaderHint, message.leaderHint)
      );
    case 'install-snapshot':
      return measureInstallSnapshot(message, sizes);
    case 'install-snapshot-response':
      return (
        uintSize(ISR.transferId, message.transferId, 'transferId') +
        boolSize(message.accepted) +
        uintSize(ISR.nextOffset, message.nextOffset, 'nextOffset')
      );
    case 'forward-membership':
      return measureForwardMembership(message, sizes);
    case 'forward-membership-response':
      return (
        uintSize(FMR.requestId, message.requestId, 'requestId') +
        varintFieldSize(FMR.outcome, outcomeValue(message)) +
        uintSize(FMR.appliedIndex, message.appliedIndex, 'appliedIndex') +
        hintSize(FMR.leaderHint, message.leaderHint) +
        optionalBytesSize(FMR.reason, reasonBytes(message.reason))
      );
    default:
      throw new WireEncodeError(`type: unknown message type "${(message as { type: unknown }).type}"`);
  }
}

function hintSize(fieldNumber: number, hint: string | undefined): number {
  if (hint === undefined || hint === '') return 0;
  return lengthDelimitedFieldSize(fieldNumber, nodeIdBytes(hint, 'leaderHint').length);
}

function measureAppendEntries(message: AppendEntriesRequest, sizes: number[]): number {
  let size =
    uintSize(AE.prevLogIndex, message.prevLogIndex, 'prevLogIndex') +
    uintSize(AE.prevLogTerm, message.prevLogTerm, 'prevLogTerm') +
    uintSize(AE.leaderCommit, message.leaderCommit, 'leaderCommit');
  for (const entry of message.entries) {
    const entrySize =
      uintSize(EntryField.index, entry.index, 'Entry.index') +
      uintSize(EntryField.term, entry.term, 'Entry.term') +
      varintFieldSize(EntryField.type, entryTypeValue(entry)) +
      (entry.data.byteLength === 0 ? 0 : lengthDelimitedFieldSize(EntryField.data, entry.data.byteLength));
    sizes.push(entrySize);
    size += lengthDelimitedFieldSize(AE.entries, entrySize);
  }
  return size;
}

function measureInstallSnapshot(message: InstallSnapshotRequest, sizes: number[]): number {
  const slot = sizes.length;
  sizes.push(0);
  let membershipSize = 0;
  for (const member of message.membership.members) {
    const memberSize =
      lengthDelimitedFieldSize(MemberField.id, nodeIdBytes(member.id, 'Member.id').length) +
      (member.address === ''
        ? 0
        : lengthDelimitedFieldSize(
            MemberField.address,
            nodeIdBytes(member.address, 'Member.address', MAX_ADDRESS_BYTES).length,
          )) +
      boolSize(member.voter);
    sizes.push(memberSize);
    membershipSize += lengthDelimitedFieldSize(MembershipField.members, memberSize);
  }
  const outgoing = message.membership.outgoingVoters;
  if (outgoing !== undefined) {
    for (const voter of outgoing) {
      membershipSize += lengthDelimitedFieldSize(
        MembershipField.outgoingVoters,
        nodeIdBytes(voter, 'outgoingVoters').length,
      );
    }
    membershipSize += 2;
  }
  sizes[slot] = membershipSize;
  return (
    uintSize(IS.transferId, message.transferId, 'transferId') +
    uintSize(IS.lastIncludedIndex, message.lastIncludedIndex, 'lastIncludedIndex') +
    uintSize(IS.lastIncludedTerm, message.lastIncludedTerm, 'lastIncludedTerm') +
    lengthDelimitedFieldSize(IS.membership, membershipSize) +
    uintSize(IS.totalBytes, message.totalBytes, 'totalBytes') +
    uintSize(IS.offset, message.offset, 'offset') +
    (message.data.byteLength === 0 ? 0 : lengthDelimitedFieldSize(IS.data, message.data.byteLength)) +
    boolSize(message.done) +
    (message.checksum === ''
      ? 0
      : lengthDelimitedFieldSize(IS.checksum, utf8.encode(message.checksum).length))
  );
}

function measureForwardMembership(message: ForwardMembershipRequest, sizes: number[]): number {
  const operation = message.operation;
  const kind = operationKindValue(message);
  let operationSize =
    varintFieldSize(MO.kind, kind) +
    lengthDelimitedFieldSize(MO.nodeId, nodeIdBytes(operation.nodeId, 'operation.nodeId').length);
  if (operation.kind === 'join') {
    operationSize +=
      optionalBytesSize(MO.address, addressBytes(operation.address, 'operation.address')) +
      boolSize(operation.voter);
  }
  sizes.push(operationSize);
  return (
    uintSize(FM.requestId, message.requestId, 'requestId') +
    lengthDelimitedFieldSize(FM.operation, operationSize)
  );
}

function operationKindValue(message: ForwardMembershipRequest): number {
  const kind: unknown = (message.operation as { kind?: unknown } | undefined)?.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(MembershipOperationKindValue, kind)) {
    throw new WireEncodeError(`operation.kind: unknown operation kind "${String(kind)}"`);
  }
  return MembershipOperationKindValue[kind as keyof typeof MembershipOperationKindValue];
}

function outcomeValue(message: ForwardMembershipResponse): number {
  const outcome = message.outcome;
  if (!Object.hasOwn(MembershipOutcomeValue, outcome)) {
    throw new WireEncodeError(`outcome: unknown outcome "${String(outcome)}"`);
  }
  return MembershipOutcomeValue[outcome];
}

/** An address's UTF-8, empty for `''` (not written). Refuses one over `MAX_ADDRESS_BYTES`. */
function addressBytes(address: string, field: string): Uint8Array {
  if (address === '') return EMPTY;
  return nodeIdBytes(address, field, MAX_ADDRESS_BYTES);
}

/** A reason's UTF-8, cut to at most `MAX_REASON_BYTES` at a character boundary. */
function reasonBytes(reason: string): Uint8Array {
  if (typeof reason !== 'string') throw new WireEncodeError('reason: must be a string');
  if (reason === '') return EMPTY;
  const bytes = utf8.encode(reason);
  if (bytes.length <= MAX_REASON_BYTES) return bytes;
  // Back up over continuation bytes (10xxxxxx) so the cut falls before a character's first byte.
  let length = MAX_REASON_BYTES;
  while (length > 0 && (bytes[length]! & 0xc0) === 0x80) length--;
  return bytes.subarray(0, length);
}

/** The size of an optional string or bytes field: 0 when empty (not written). */
function optionalBytesSize(fieldNumber: number, bytes: Uint8Array): number {
  return bytes.length === 0 ? 0 : lengthDelimitedFieldSize(fieldNumber, bytes.length);
}

function entryTypeValue(entry: Entry): number {
  const value = EntryTypeValue[entry.type];
  if (value === undefined) throw new WireEncodeError(`Entry.type: unknown entry type "${entry.type}"`);
  return value;
}

function writeUint(writer: ByteWriter, fieldNumber: number, value: number): void {
  if (value !== 0) writer.varintField(fieldNumber, value);
}

function writeBool(writer: ByteWriter, fieldNumber: number, value: boolean): void {
  if (value) writer.varintField(fieldNumber, 1);
}

function writeHint(writer: ByteWriter, fieldNumber: number, hint: string | undefined): void {
  if (hint !== undefined && hint !== '') writer.bytesField(fieldNumber, nodeIdBytes(hint, 'leaderHint'));
}

function writeOptionalBytes(writer: ByteWriter, fieldNumber: number, bytes: Uint8Array): void {
  if (bytes.length !== 0) writer.bytesField(fieldNumber, bytes);
}

function writeMessage(writer: ByteWriter, message: Message, sizes: number[], cursor: { next: number }): void {
  const size = sizes[cursor.next++]!;
  const body = sizes[cursor.next++]!;
  writer.lengthPrefix(EnvelopeField.messages, size);
  writer.bytesField(RaftMessageField.to, nodeIdBytes(message.to, 'to'));
  writeUint(writer, RaftMessageField.term, message.term);
  writer.lengthPrefix(BodyField[message.type], body);
  switch (message.type) {
    case 'append-entries':
      writeUint(writer, AE.prevLogIndex, message.prevLogIndex);
      writeUint(writer, AE.prevLogTerm, message.prevLogTerm);
      for (const entry of message.entries) {
        writer.lengthPrefix(AE.entries, sizes[cursor.next++]!);
        writeUint(writer, EntryField.index, entry.index);
        writeUint(writer, EntryField.term, entry.term);
        writer.varintField(EntryField.type, EntryTypeValue[entry.type]);
        if (entry.data.byteLength !== 0) writer.bytesField(EntryField.data, entry.data);
      }
      writeUint(writer, AE.leaderCommit, message.leaderCommit);
      return;
    case 'append-entries-response':
      writeBool(writer, AER.success, message.success);
      writeUint(writer, AER.matchIndex, message.matchIndex);
      writeUint(writer, AER.rejectedIndex, message.rejectedIndex);
      writeUint(writer, AER.hintIndex, message.hintIndex);
      writeUint(writer, AER.hintTerm, message.hintTerm);
      return;
    case 'request-vote':
      writeBool(writer, RV.preVote, message.preVote);
      writeUint(writer, RV.lastLogIndex, message.lastLogIndex);
      writeUint(writer, RV.lastLogTerm, message.lastLogTerm);
      writeBool(writer, RV.transfer, message.transfer);
      return;
    case 'request-vote-response':
      writeBool(writer, RVR.preVote, message.preVote);
      writeBool(writer, RVR.granted, message.granted);
      writeBool(writer, RVR.campaignAgain, message.campaignAgain);
      return;
    case 'heartbeat':
      writeUint(writer, HB.commitIndex, message.commitIndex);
      writeUint(writer, HB.readRound, message.readRound);
      return;
    case 'heartbeat-response':
      writeUint(writer, HBR.readRound, message.readRound);
      return;
    case 'timeout-now':
      return;
    case 'forward-proposal':
      writeUint(writer, FP.requestId, message.requestId);
      for (const proposal of message.proposals) writer.bytesField(FP.proposals, proposal);
      return;
    case 'forward-proposal-response':
      writeUint(writer, FPR.requestId, message.requestId);
      writeBool(writer, FPR.accepted, message.accepted);
      writeUint(writer, FPR.firstIndex, message.firstIndex);
      writeHint(writer, FPR.leaderHint, message.leaderHint);
      return;
    case 'read-index':
      writeUint(writer, RI.requestId, message.requestId);
      return;
    case 'read-index-response':
      writeUint(writer, RIR.requestId, message.requestId);
      writeBool(writer, RIR.accepted, message.accepted);
      writeUint(writer, RIR.readIndex, message.readIndex);
      writeHint(writer, RIR.leaderHint, message.leaderHint);
      return;
    case 'install-snapshot': {
      writeUint(writer, IS.transferId, message.transferId);
      writeUint(writer, IS.lastIncludedIndex, message.lastIncludedIndex);
      writeUint(writer, IS.lastIncludedTerm, message.lastIncludedTerm);
      writer.lengthPrefix(IS.membership, sizes[cursor.next++]!);
      for (const member of message.membership.members) {
        writer.lengthPrefix(MembershipField.members, sizes[cursor.next++]!);
        writer.bytesField(MemberField.id, nodeIdBytes(member.id, 'Member.id'));
        if (member.address !== '') {
          writer.bytesField(
            MemberField.address,
            nodeIdBytes(member.address, 'Member.address', MAX_ADDRESS_BYTES),
          );
        }
        writeBool(writer, MemberField.voter, member.voter);
      }
      const outgoing = message.membership.outgoingVoters;
      if (outgoing !== undefined) {
        for (const voter of outgoing)
          writer.bytesField(MembershipField.outgoingVoters, nodeIdBytes(voter, 'outgoingVoters'));
        writer.varintField(MembershipField.joint, 1);
      }
      writeUint(writer, IS.totalBytes, message.totalBytes);
      writeUint(writer, IS.offset, message.offset);
      if (message.data.byteLength !== 0) writer.bytesField(IS.data, message.data);
      writeBool(writer, IS.done, message.done);
      if (message.checksum !== '') writer.bytesField(IS.checksum, utf8.encode(message.checksum));
      return;
    }
    case 'install-snapshot-response':
      writeUint(writer, ISR.transferId, message.transferId);
      writeBool(writer, ISR.accepted, message.accepted);
      writeUint(writer, ISR.nextOffset, message.nextOffset);
      return;
    case 'forward-membership': {
      const operation = message.operation;
      writeUint(writer, FM.requestId, message.requestId);
      writer.lengthPrefix(FM.operation, sizes[cursor.next++]!);
      writer.varintField(MO.kind, MembershipOperationKindValue[operation.kind]);
      writer.bytesField(MO.nodeId, nodeIdBytes(operation.nodeId, 'operation.nodeId'));
      if (operation.kind === 'join') {
        writeOptionalBytes(writer, MO.address, addressBytes(operation.address, 'operation.address'));
        writeBool(writer, MO.voter, operation.voter);
      }
      return;
    }
    case 'forward-membership-response':
      writeUint(writer, FMR.requestId, message.requestId);
      writer.varintField(FMR.outcome, MembershipOutcomeValue[message.outcome]);
      writeUint(writer, FMR.appliedIndex, message.appliedIndex);
      writeHint(writer, FMR.leaderHint, message.leaderHint);
      writeOptionalBytes(writer, FMR.reason, reasonBytes(message.reason));
      return;
  }
}
