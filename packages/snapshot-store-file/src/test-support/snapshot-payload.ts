/** The payload of the crash writer's snapshot at `index`: 64 KiB to ~1 MiB, bytes derived from the index. */
export function snapshotPayload(index: number): Uint8Array {
  const sizeBytes = 64 * 1024 + ((index * 7919) % 16) * 64 * 1024;
  const bytes = new Uint8Array(sizeBytes);
  for (let position = 0; position < sizeBytes; position++) bytes[position] = (position * 31 + index) & 0xff;
  return bytes;
}
