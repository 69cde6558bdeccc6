/**
 * Size limits the decoder enforces, so a hostile peer cannot make a node allocate without bound.
 * Every limit is counted before the work it guards is done.
 */
export interface DecodeLimits {
  /** The most bytes one envelope may take. Default 64 MiB. */
  readonly maxEnvelopeBytes: number;
  /** The most messages in one envelope. Default 65,536. */
  readonly maxMessagesPerEnvelope: number;
  /** The most entries (or forwarded proposals) in one message. Default 65,536. */
  readonly maxEntriesPerMessage: number;
}

/** The default {@link DecodeLimits}. */
export const DEFAULT_DECODE_LIMITS: DecodeLimits = Object.freeze({
  maxEnvelopeBytes: 64 * 1024 * 1024,
  maxMessagesPerEnvelope: 65_536,
  maxEntriesPerMessage: 65_536,
});

/** Options of `decodeEnvelope` and `decodeMessages`. */
export interface DecodeOptions {
  /** Overrides of {@link DEFAULT_DECODE_LIMITS}. */
  readonly limits?: Partial<DecodeLimits>;
}

/** Resolves `limits` against the defaults. */
export function resolveDecodeLimits(limits: Partial<DecodeLimits> | undefined): DecodeLimits {
  if (limits === undefined) return DEFAULT_DECODE_LIMITS;
  return { ...DEFAULT_DECODE_LIMITS, ...limits };
}
