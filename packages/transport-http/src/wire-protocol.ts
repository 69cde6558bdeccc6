/** The one-envelope endpoint: POST an encoded `Envelope` (see @raft/wire) as the whole body. */
export const MESSAGES_PATH = '/raft/v1/messages';
/**
 * The stream endpoint: POST a body of length-prefixed envelopes (see `frames.ts`), sent as they are
 * batched, for as long as the request lasts. What peer links use.
 */
export const STREAM_PATH = '/raft/v1/stream';
/** The request header naming the sending node (must equal the envelope's sender id). */
export const SENDER_HEADER = 'x-raft-sender';
/** The request header carrying the sender's credential when the cluster has a secret. */
export const AUTH_HEADER = 'x-raft-auth';
/** The response header with the code of a refusal, such as `ERR_RAFT_UNAUTHENTICATED`. */
export const ERROR_HEADER = 'x-raft-error';
/** The content type of an encoded envelope. */
export const CONTENT_TYPE = 'application/x-raft-wire';
/** The content type of a stream of length-prefixed envelopes. */
export const STREAM_CONTENT_TYPE = 'application/x-raft-wire-stream';
