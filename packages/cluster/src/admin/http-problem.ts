/**
 * A request the admin server refuses, with the HTTP status and the stable code its JSON body
 * carries (`{ "error": { "code", "message" } }`). Internal: clients see only the response.
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Extra response headers (`allow`, `www-authenticate`). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
    this.name = 'HttpProblem';
  }
}
