// Public API of @raft/transport-http.
export { PeerRejectedError } from './errors/peer-rejected-error.js';
export { TransportStateError } from './errors/transport-state-error.js';
export { createHttpTransport, type HttpTransport } from './http-transport.js';
export type { HttpTlsOptions, HttpTransportOptions } from './http-transport-options.js';
export type { HttpTransportStats } from './http-transport-stats.js';
export type { RejectionReason } from './rejection.js';
