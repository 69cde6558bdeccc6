import { varintSize, writeVarint } from './varint.js';
import { fieldKey, WireType } from './wire-type.js';

/**
 * Writes protobuf fields into a buffer allocated once at its exact final size (the encoder
 * measures first), so nothing is copied or grown.
 */
export class ByteWriter {
  readonly buffer: Uint8Array;
  position = 0;

  constructor(size: number) {
    this.buffer = new Uint8Array(size);
  }

  /** A varint field; proto3 omits the default 0, so callers skip zero values. */
  varintField(fieldNumber: number, value: number): void {
    this.position = writeVarint(this.buffer, this.position, fieldKey(fieldNumber, WireType.varint));
    this.position = writeVarint(this.buffer, this.position, value);
  }

  /** The key and length prefix of a length-delimited field whose `length` bytes follow. */
  lengthPrefix(fieldNumber: number, length: number): void {
    this.position = writeVarint(this.buffer, this.position, fieldKey(fieldNumber, WireType.lengthDelimited));
    this.position = writeVarint(this.buffer, this.position, length);
  }

  /** A bytes (or UTF-8 string) field. */
  bytesField(fieldNumber: number, bytes: Uint8Array): void {
    this.lengthPrefix(fieldNumber, bytes.byteLength);
    this.buffer.set(bytes, this.position);
    this.position += bytes.byteLength;
  }
}

/** The size of a varint field with a non-default value (field numbers below 16 take a one-byte key). */
export function varintFieldSize(fieldNumber: number, value: number): number {
  return varintSize(fieldKey(fieldNumber, WireType.varint)) + varintSize(value);
}

/** The size of a length-delimited field whose content is `length` bytes. */
export function lengthDelimitedFieldSize(fieldNumber: number, length: number): number {
  return varintSize(fieldKey(fieldNumber, WireType.lengthDelimited)) + varintSize(length) + length;
}
