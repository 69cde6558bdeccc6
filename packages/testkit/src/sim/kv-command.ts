/**
 * A command of the simulation's key-value state machine. `id` is unique per client request, so a
 * command that reaches the log twice (a duplicated forward) is applied once.
 */
export type KvCommand =
  | { readonly op: 'get'; readonly id: string; readonly key: string }
  | { readonly op: 'put'; readonly id: string; readonly key: string; readonly value: string }
  | { readonly op: 'delete'; readonly id: string; readonly key: string }
  | {
      readonly op: 'cas';
      readonly id: string;
      readonly key: string;
      /** `null` means "the key is absent" (JSON has no `undefined`). */
      readonly expected: string | null;
      readonly value: string;
    };

/** What applying a {@link KvCommand} returns (it resolves the client's `propose`). */
export interface KvResult {
  /** Where the command was first applied: lets the simulation record the acknowledged entry. */
  readonly index: number;
  readonly term: number;
  /** For `get`: the value, or `null` when absent. */
  readonly value?: string | null;
  /** For `cas`: whether the write happened. */
  readonly succeeded?: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Encodes a command as entry data (JSON bytes: readable in traces). */
export function encodeKvCommand(command: KvCommand): Uint8Array {
  return encoder.encode(JSON.stringify(command));
}

/** Decodes entry data written by {@link encodeKvCommand}; throws on anything else. */
export function decodeKvCommand(data: Uint8Array): KvCommand {
  const value: unknown = JSON.parse(decoder.decode(data));
  if (typeof value !== 'object' || value === null) throw new TypeError('kv command: expected an object');
  const command = value as Partial<Record<string, unknown>>;
  if (typeof command.id !== 'string' || typeof command.key !== 'string') {
    throw new TypeError('kv command: id and key must be strings');
  }
  switch (command.op) {
    case 'get':
    case 'delete':
      return { op: command.op, id: command.id, key: command.key };
    case 'put':
      if (typeof command.value !== 'string') throw new TypeError('kv command: put needs a string value');
      return { op: 'put', id: command.id, key: command.key, value: command.value };
    case 'cas':
      if (
        typeof command.value !== 'string' ||
        !(typeof command.expected === 'string' || command.expected === null)
      ) {
        throw new TypeError('kv command: cas needs a string value and a string or null expected value');
      }
      return {
        op: 'cas',
        id: command.id,
        key: command.key,
        expected: command.expected,
        value: command.value,
      };
    default:
      throw new TypeError(`kv command: unknown op ${String(command.op)}`);
  }
}
