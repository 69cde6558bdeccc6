/**
 * The known key closest to `unknownKey`, for "did you mean …?" hints, or `undefined` when none is
 * close enough to be a plausible typo: equal ignoring case, a prefix of a known key, or within an
 * edit distance of a third of the key's length (at least 2). The same rule as `@raft/core`'s
 * config validation, which does not export it.
 */
export function suggestKey(unknownKey: string, knownKeys: readonly string[]): string | undefined {
  const lowered = unknownKey.toLowerCase();
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(unknownKey.length / 3));
  for (const key of knownKeys) {
    const knownLowered = key.toLowerCase();
    if (knownLowered === lowered) return key;
    const distance =
      lowered.length >= 3 && knownLowered.startsWith(lowered) ? 1 : editDistance(lowered, knownLowered);
    if (distance <= bestDistance && (best === undefined || distance < bestDistance)) {
      best = key;
      bestDistance = distance;
    }
  }
  return best;
}

/** The Levenshtein distance between two strings. */
function editDistance(a: string, b: string): number {
  // One row of the dynamic-programming table: previous[j] is the distance between a[0..i) and b[0..j).
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
