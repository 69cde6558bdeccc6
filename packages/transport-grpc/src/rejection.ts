import type { InboundRejectionReason } from '@raft/wire';

/** Why the server refused a stream or a frame, counted in `stats().rejected`. */
export type RejectionReason = InboundRejectionReason;
