import { request } from 'node:http';

/** An admin server's answer: the status and the parsed JSON body (`undefined` if not JSON). */
export interface AdminResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Options of {@link adminRequest}. */
export interface AdminRequestOptions {
  readonly method: 'GET' | 'POST' | 'DELETE';
  /** Sent as JSON. */
  readonly body?: unknown;
  /** Sent as `Authorization: Bearer <token>`. */
  readonly token?: string;
  /**
   * How long the exchange may go without any data, in ms. The admin server answers in one write,
   * so in practice this bounds the whole request.
   */
  readonly timeoutMs: number;
}

/** The most response bytes read: admin answers are small JSON documents. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * One request to another node's admin server (`url` is the full URL). Rejects on network errors
 * and timeouts; any HTTP status resolves. Each request uses its own connection, closed after the
 * answer, so nothing lingers once the node is running (or has given up joining).
 */
export function adminRequest(url: string, options: AdminRequestOptions): Promise<AdminResponse> {
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = { accept: 'application/json' };
  if (payload !== undefined) headers['content-type'] = 'application/json';
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`;
  return new Promise((resolve, reject) => {
    const outgoing = request(url, { method: options.method, headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      let received = 0;
      response.on('data', (chunk: Buffer) => {
        received += chunk.length;
        if (received > MAX_RESPONSE_BYTES) outgoing.destroy(new Error('admin response too large'));
        else chunks.push(chunk);
      });
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: parseJson(chunks) }));
      response.on('error', reject);
    });
    outgoing.setTimeout(options.timeoutMs, () =>
      outgoing.destroy(new Error(`no answer within ${Math.round(options.timeoutMs)} ms`)),
    );
    outgoing.on('error', reject);
    outgoing.end(payload);
  });
}

function parseJson(chunks: readonly Buffer[]): unknown {
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}
