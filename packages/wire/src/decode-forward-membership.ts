import type {
  ForwardedMembershipOperation,
  ForwardedMembershipOutcome,
  ForwardMembershipRequest,
  ForwardMembershipResponse,
} from '@raft/core';
import type { ByteReader } from './protobuf/byte-reader.js';
import { WireType } from './protobuf/wire-type.js';
import {
  ForwardMembershipField as FM,
  ForwardMembershipResponseField as FMR,
  MAX_ADDRESS_BYTES,
  MAX_NODE_ID_BYTES,
  MAX_REASON_BYTES,
  MembershipOperationKindValue,
  MembershipOutcomeValue,
  MembershipOperationField as MO,
} from './wire-schema.js';

/** The fields every message carries, decoded from the `RaftMessage` around the body. */
interface Header {
  readonly from: string;
  readonly to: string;
  readonly term: number;
}

/** `MembershipOutcome` values by number; 0 (unspecified) and unknown numbers are refused. */
const OUTCOMES: readonly (ForwardedMembershipOutcome | undefined)[] = (() => {
  const outcomes: (ForwardedMembershipOutcome | undefined)[] = [undefined];
  for (const [outcome, value] of Object.entries(MembershipOutcomeValue)) {
    outcomes[value] = outcome as ForwardedMembershipOutcome;
  }
  return outcomes;
})();

/** Decodes a `ForwardMembership` body: a request id and exactly one valid operation. */
export function decodeForwardMembership(
  reader: ByteReader,
  end: number,
  header: Header,
): ForwardMembershipRequest {
  let requestId = 0;
  let operation: ForwardedMembershipOperation | undefined;
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case FM.requestId:
        reader.expectWireType(key, WireType.varint, 'ForwardMembership.request_id');
        requestId = reader.varint(end);
        break;
      case FM.operation: {
        reader.expectWireType(key, WireType.lengthDelimited, 'ForwardMembership.operation');
        // Plain protobuf would merge a repeated message field; an operation is all or nothing.
        if (operation !== undefined) reader.fail('ForwardMembership.operation: set more than once');
        const operationEnd = reader.lengthDelimited(end);
        operation = decodeOperation(reader, operationEnd);
        break;
      }
      default:
        reader.skip(key & 7, end);
    }
  }
  if (operation === undefined) return reader.fail('ForwardMembership.operation: required');
  return { type: 'forward-membership', ...header, requestId, operation };
}

function decodeOperation(reader: ByteReader, end: number): ForwardedMembershipOperation {
  let kind = 0;
  let nodeId = '';
  let address = '';
  let voter = false;
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case MO.kind:
        reader.expectWireType(key, WireType.varint, 'MembershipOperation.kind');
        kind = reader.varint(end);
        break;
      case MO.nodeId:
        reader.expectWireType(key, WireType.lengthDelimited, 'MembershipOperation.node_id');
        nodeId = reader.string(end, MAX_NODE_ID_BYTES, 'MembershipOperation.node_id');
        break;
      case MO.address:
        reader.expectWireType(key, WireType.lengthDelimited, 'MembershipOperation.address');
        address = reader.string(end, MAX_ADDRESS_BYTES, 'MembershipOperation.address');
        break;
      case MO.voter:
        reader.expectWireType(key, WireType.varint, 'MembershipOperation.voter');
        voter = reader.bool(end, 'MembershipOperation.voter');
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  if (nodeId === '') reader.fail('MembershipOperation.node_id: required');
  switch (kind) {
    case MembershipOperationKindValue.join:
      return { kind: 'join', nodeId, address, voter };
    case MembershipOperationKindValue.leave:
      // Proto3 cannot tell an unset field from its default, so "no address, no voter" means both
      // are left at "" and false.
      if (address !== '') reader.fail('MembershipOperation.address: set on a leave');
      if (voter) reader.fail('MembershipOperation.voter: set on a leave');
      return { kind: 'leave', nodeId };
    default:
      return reader.fail(`MembershipOperation.kind: unknown value ${kind}`);
  }
}

/** Decodes a `ForwardMembershipResponse` body: a known outcome, a hint and a bounded reason. */
export function decodeForwardMembershipResponse(
  reader: ByteReader,
  end: number,
  header: Header,
): ForwardMembershipResponse {
  let requestId = 0;
  let outcomeValue = 0;
  let appliedIndex = 0;
  let leaderHint = '';
  let reason = '';
  while (reader.position < end) {
    const key = reader.key(end);
    switch (key >>> 3) {
      case FMR.requestId:
        reader.expectWireType(key, WireType.varint, 'ForwardMembershipResponse.request_id');
        requestId = reader.varint(end);
        break;
      case FMR.outcome:
        reader.expectWireType(key, WireType.varint, 'ForwardMembershipResponse.outcome');
        outcomeValue = reader.varint(end);
        break;
      case FMR.appliedIndex:
        reader.expectWireType(key, WireType.varint, 'ForwardMembershipResponse.applied_index');
        appliedIndex = reader.varint(end);
        break;
      case FMR.leaderHint:
        reader.expectWireType(key, WireType.lengthDelimited, 'ForwardMembershipResponse.leader_hint');
        leaderHint = reader.string(end, MAX_NODE_ID_BYTES, 'ForwardMembershipResponse.leader_hint');
        break;
      case FMR.reason:
        reader.expectWireType(key, WireType.lengthDelimited, 'ForwardMembershipResponse.reason');
        reason = reader.string(end, MAX_REASON_BYTES, 'ForwardMembershipResponse.reason');
        break;
      default:
        reader.skip(key & 7, end);
    }
  }
  const outcome = OUTCOMES[outcomeValue];
  if (outcome === undefined) reader.fail(`ForwardMembershipResponse.outcome: unknown value ${outcomeValue}`);
  return {
    type: 'forward-membership-response',
    ...header,
    requestId,
    outcome,
    appliedIndex,
    leaderHint: leaderHint === '' ? undefined : leaderHint,
    reason,
  };
}
