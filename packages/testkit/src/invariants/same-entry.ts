import type { Entry } from '@raft/core';

/** Whether two byte arrays hold the same bytes. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a === b) return true;
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether two entries are the same entry (index, term, type and bytes); identical objects short-cut. */
export function sameEntry(a: Entry, b: Entry): boolean {
  return (
    a === b || (a.index === b.index && a.term === b.term && a.type === b.type && sameBytes(a.data, b.data))
  );
}

/** A compact description of an entry for violation details. */
export function entrySummary(entry: Entry): { index: number; term: number; type: string; bytes: number } {
  return { index: entry.index, term: entry.term, type: entry.type, bytes: entry.data.byteLength };
}
