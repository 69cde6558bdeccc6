/** A safety property that failed, with the evidence. */
export interface Violation {
  /** The property's name, such as `Election Safety`. */
  readonly invariant: string;
  /** One sentence saying what went wrong. */
  readonly message: string;
  /** The evidence: node ids, indexes, terms, steps. Rendered as JSON. */
  readonly details: Readonly<Record<string, unknown>>;
}

/** Renders a violation as a few readable lines. */
export function renderViolation(violation: Violation): string {
  const lines = [`${violation.invariant} violated: ${violation.message}`];
  for (const [name, value] of Object.entries(violation.details)) {
    lines.push(`  ${name}: ${JSON.stringify(value, jsonReplacer)}`);
  }
  return lines.join('\n');
}

/** Shows bytes as text when printable (the KV commands are JSON), and never crashes on bigint. */
function jsonReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Uint8Array) return describeBytes(value);
  if (typeof value === 'bigint') return value.toString();
  return value;
}

/** A short rendering of entry data: its text when printable, else its length. */
export function describeBytes(data: Uint8Array): string {
  const text = new TextDecoder('utf-8', { fatal: false }).decode(data.subarray(0, 80));
  const printable = /^[\x20-\x7e]*$/.test(text);
  if (!printable) return `<${data.byteLength} bytes>`;
  return data.byteLength > 80 ? `${text}…` : text;
}

/** Thrown by a simulation when an invariant fails; carries the violation. */
export class InvariantViolationError extends Error {
  constructor(
    readonly violation: Violation,
    context = '',
  ) {
    super(`${renderViolation(violation)}${context === '' ? '' : `\n${context}`}`);
    this.name = 'InvariantViolationError';
  }
}
