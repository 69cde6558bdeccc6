/**
 * The commands the key-value service replicates through the Raft log, encoded as UTF-8 JSON: easy
 * to read in a log dump, and small next to the values they carry.
 */
export type KvCommand =
  | { readonly op: 'put'; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly key: string }
  /** Sets `value` (or deletes, with `null`) only if the current value is `expected` (`null`: absent). */
  | {
      readonly op: 'cas';
      readonly key: string;
      readonly expected: string | null;
      readonly value: string | null;
    };

/** The longest key, in UTF-8 bytes. */
export const MAX_KEY_BYTES = 1024;
/** The largest value, in UTF-8 bytes. */
export const MAX_VALUE_BYTES = 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeKvCommand(command: KvCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

/**
 * Decodes a command from the log, or says why it cannot. Entries come from this service's own
 * encoder, so a failure means a corrupt or foreign entry: the state machine answers it with an
 * error result instead of throwing, because applying must be deterministic on every node.
 */
export function decodeKvCommand(data: Uint8Array): KvCommand | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(data));
  } catch {
    return 'not a UTF-8 JSON command';
  }
  if (typeof parsed !== 'object' || parsed === null) return 'not a command object';
  const { op, key, value, expected } = parsed as Record<string, unknown>;
  const keyProblem = checkKey(key);
  if (keyProblem !== undefined) return keyProblem;
  const validKey = key as string;
  switch (op) {
    case 'put':
      return typeof value === 'string' ? { op, key: validKey, value } : 'put needs a string value';
    case 'delete':
      return { op, key: validKey };
    case 'cas':
      if (!isStringOrNull(expected) || !isStringOrNull(value))
        return 'cas needs expected and value (string or null)';
      return { op, key: validKey, expected, value };
    default:
      return `unknown op ${JSON.stringify(op)}`;
  }
}

/** Why `key` is not a valid key, if it is not. */
export function checkKey(key: unknown): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'a key must be a non-empty string';
  if (encoder.encode(key).byteLength > MAX_KEY_BYTES) return `a key must be at most ${MAX_KEY_BYTES} bytes`;
  return undefined;
}

function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}
