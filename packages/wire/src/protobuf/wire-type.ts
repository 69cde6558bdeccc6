/** Protobuf wire types (encoding spec, "Message Structure"). Groups (3, 4) are not used and are refused. */
export const WireType = {
  varint: 0,
  fixed64: 1,
  lengthDelimited: 2,
  fixed32: 5,
} as const;

/** The key of a field: `(fieldNumber << 3) | wireType`, written as a varint. */
export function fieldKey(fieldNumber: number, wireType: number): number {
  return (fieldNumber << 3) | wireType;
}
