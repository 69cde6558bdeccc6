/**
 * The number of bytes of the varint encoding of `value`, a non-negative safe integer.
 * Up to 2^53 - 1 needs at most 8 bytes.
 */
export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x200000) return 3;
  if (value < 0x10000000) return 4;
  if (value < 0x800000000) return 5;
  if (value < 0x40000000000) return 6;
  if (value < 0x2000000000000) return 7;
  return 8;
}

/** Writes `value` (a non-negative safe integer) as a varint at `position`; returns the next position. */
export function writeVarint(buffer: Uint8Array, position: number, value: number): number {
  // Above 2^31 the bit operators would truncate, so divide instead.
  while (value > 0x7fffffff) {
    buffer[position++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  while (value > 0x7f) {
    buffer[position++] = (value & 0x7f) | 0x80;
    value >>>= 7;
  }
  buffer[position++] = value;
  return position;
}
