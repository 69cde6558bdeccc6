import { WireDecodeError } from '../errors/wire-decode-error.js';
import { WireType } from './wire-type.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads protobuf primitives from a buffer, refusing anything malformed with a
 * {@link WireDecodeError}: truncation, over-long varints, values past 2^53 - 1, group wire types.
 * Each nested message is read within its own `end`, so a length can never reach past its parent.
 */
export class ByteReader {
  readonly buffer: Uint8Array;
  position = 0;

  constructor(buffer: Uint8Array) {
    this.buffer = buffer;
  }

  fail(reason: string): never {
    throw new WireDecodeError(reason, this.position);
  }

  /** Reads a varint that must end before `end` and fit in a safe integer. */
  varint(end: number): number {
    const buffer = this.buffer;
    let position = this.position;
    let result = 0;
    let multiplier = 1;
    for (let index = 0; index < 10; index++) {
      if (position >= end) this.fail('truncated varint');
      const byte = buffer[position++]!;
      result += (byte & 0x7f) * multiplier;
      if (byte < 0x80) {
        if (result > Number.MAX_SAFE_INTEGER) this.fail('integer larger than 2^53 - 1');
        this.position = position;
        return result;
      }
      multiplier *= 0x80;
    }
    return this.fail('varint longer than 10 bytes');
  }

  /**
   * Reads a field key (`fieldNumber << 3 | wireType`; split it with `>>> 3` and `& 7`). Refuses
   * field number 0, numbers past 2^29 - 1 and group wire types.
   */
  key(end: number): number {
    const key = this.varint(end);
    if (key < 8 || key > 0xffffffff) this.fail(`invalid field key ${key}`);
    const wireType = key & 7;
    if (wireType === 3 || wireType === 4 || wireType > 5) this.fail(`unsupported wire type ${wireType}`);
    return key;
  }

  /** Reads a length prefix and returns the end of the content it announces, checked against `end`. */
  lengthDelimited(end: number): number {
    const length = this.varint(end);
    const contentEnd = this.position + length;
    if (contentEnd > end) this.fail(`length ${length} runs past the end of its message`);
    return contentEnd;
  }

  /** Reads a bytes field as a view into the buffer (no copy). */
  bytes(end: number): Uint8Array {
    const contentEnd = this.lengthDelimited(end);
    const bytes = this.buffer.subarray(this.position, contentEnd);
    this.position = contentEnd;
    return bytes;
  }

  /** Reads a UTF-8 string field of at most `maxBytes` bytes; refuses invalid UTF-8. */
  string(end: number, maxBytes: number, field: string): string {
    const contentEnd = this.lengthDelimited(end);
    const start = this.position;
    if (contentEnd - start > maxBytes) this.fail(`${field}: longer than ${maxBytes} bytes`);
    this.position = contentEnd;
    const buffer = this.buffer;
    // Node ids are short and nearly always ASCII: skip the TextDecoder for them.
    let ascii = '';
    for (let index = start; index < contentEnd; index++) {
      const byte = buffer[index]!;
      if (byte >= 0x80) {
        try {
          return utf8.decode(buffer.subarray(start, contentEnd));
        } catch {
          this.position = start;
          return this.fail(`${field}: invalid UTF-8`);
        }
      }
      ascii += String.fromCharCode(byte);
    }
    return ascii;
  }

  /** Reads a bool varint: only 0 and 1 are accepted. */
  bool(end: number, field: string): boolean {
    const value = this.varint(end);
    if (value > 1) this.fail(`${field}: invalid bool ${value}`);
    return value === 1;
  }

  /** Skips the value of an unknown field (forward compatibility: newer peers may add fields). */
  skip(wireType: number, end: number): void {
    switch (wireType) {
      case WireType.varint:
        this.varint(end);
        return;
      case WireType.fixed64:
        this.advance(8, end);
        return;
      case WireType.fixed32:
        this.advance(4, end);
        return;
      case WireType.lengthDelimited:
        this.position = this.lengthDelimited(end);
        return;
      default:
        this.fail(`unsupported wire type ${wireType}`);
    }
  }

  /** Checks that a known field arrived with the wire type the schema gives it. */
  expectWireType(key: number, wireType: number, field: string): void {
    if ((key & 7) !== wireType) this.fail(`${field}: wire type ${key & 7}, expected ${wireType}`);
  }

  private advance(count: number, end: number): void {
    if (this.position + count > end) this.fail('truncated fixed-width field');
    this.position += count;
  }
}
