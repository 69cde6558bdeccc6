// Public API of @raft/wire: the version-1 wire schema's codec, shared by the network transports.

export { decodeEnvelope, decodeMessages } from './decode.js';
export {
  DEFAULT_DECODE_LIMITS,
  type DecodeLimits,
  type DecodeOptions,
} from './decode-limits.js';
export { encodeMessages } from './encode.js';
export type { EncodeOptions, Envelope } from './envelope.js';
export { UnsupportedVersionError } from './errors/unsupported-version-error.js';
export { WireDecodeError } from './errors/wire-decode-error.js';
export { WireEncodeError } from './errors/wire-encode-error.js';
// The transport kit: pieces both network transports share (and a third-party transport may use).
export { AuthTokenVerifier, deriveAuthToken, verifyAuthToken } from './transport-kit/auth-token.js';
export { type BackoffOptions, backoffDelayMs } from './transport-kit/backoff.js';
export {
  type Admission,
  admitEnvelope,
  deliverAddressed,
  deliverToHandler,
  type InboundPolicy,
} from './transport-kit/inbound-envelope.js';
export {
  type NetworkTransportOptions,
  type OutboundLinkSettings,
  outboundLinkSettings,
  type TlsCertificateOptions,
  validateNetworkTransportOptions,
} from './transport-kit/network-transport-options.js';
export {
  estimateBytes,
  type OutboundDropReason,
  OutboundQueue,
  type OutboundQueueOptions,
} from './transport-kit/outbound-queue.js';
export { outboundQueueForPeer, type PeerLink, PeerLinkTable } from './transport-kit/peer-link-table.js';
export {
  type InboundRejectionReason,
  TransportCounters,
  type TransportStats,
} from './transport-kit/transport-counters.js';
export {
  MAX_ADDRESS_BYTES,
  MAX_NODE_ID_BYTES,
  MAX_REASON_BYTES,
  SUPPORTED_WIRE_VERSIONS,
  WIRE_PROTOCOL_VERSION,
} from './wire-schema.js';
