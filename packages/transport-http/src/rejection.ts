import type { InboundRejectionReason } from '@raft/wire';

/**
 * Why the server refused a request, counted in `stats().rejected` and sent back in the
 * `x-raft-error` response header.
 */
export type RejectionReason = InboundRejectionReason;

/** The HTTP status and wire code of each {@link RejectionReason}. */
export const REJECTIONS: Readonly<
  Record<RejectionReason, { readonly status: number; readonly code: string }>
> = {
  notFound: { status: 404, code: 'ERR_RAFT_NOT_FOUND' },
  unauthenticated: { status: 401, code: 'ERR_RAFT_UNAUTHENTICATED' },
  unknownSender: { status: 403, code: 'ERR_RAFT_UNKNOWN_SENDER' },
  wrongCluster: { status: 403, code: 'ERR_RAFT_WRONG_CLUSTER' },
  tooLarge: { status: 413, code: 'ERR_RAFT_TOO_LARGE' },
  malformed: { status: 400, code: 'ERR_RAFT_WIRE_DECODE' },
  unsupportedVersion: { status: 400, code: 'ERR_RAFT_WIRE_UNSUPPORTED_VERSION' },
  closed: { status: 503, code: 'ERR_RAFT_TRANSPORT_CLOSED' },
};
