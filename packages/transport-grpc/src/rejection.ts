/** Why the server refused a stream or a frame, counted in `stats().rejected`. */
export type RejectionReason =
  | 'unauthenticated'
  | 'unknownSender'
  | 'wrongCluster'
  | 'tooLarge'
  | 'malformed'
  | 'unsupportedVersion'
  | 'closed'
  | 'notFound';
