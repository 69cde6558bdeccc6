/** The outcome of one request, as a client that must handle every case sees it. */
export type KvClientOutcome<T> =
  | { readonly kind: 'ok'; readonly status: number; readonly body: T }
  /** The service refused: nothing happened (4xx, or 503 — retry elsewhere). */
  | { readonly kind: 'refused'; readonly status: number; readonly error: string }
  /** No answer, or 504: a write may or may not have been applied. */
  | { readonly kind: 'unknown'; readonly reason: string };

/**
 * A minimal HTTP client for one kv-demo node: every call resolves to an outcome instead of
 * throwing, because a test that checks linearizability must know which requests might have taken
 * effect (`unknown`) and which certainly did not (`refused`).
 */
export class KvClient {
  constructor(
    readonly baseUrl: string,
    private readonly timeoutMs = 2000,
  ) {}

  get(key: string): Promise<KvClientOutcome<{ value: string; revision: number } | undefined>> {
    return this.request('GET', key);
  }

  put(key: string, value: string): Promise<KvClientOutcome<{ revision: number }>> {
    return this.request('PUT', key, value);
  }

  delete(key: string): Promise<KvClientOutcome<{ deleted: boolean }>> {
    return this.request('DELETE', key);
  }

  /** `ok` with `succeeded: false` when the current value was not `expected` (HTTP 409). */
  cas(
    key: string,
    expected: string | null,
    value: string | null,
  ): Promise<KvClientOutcome<{ succeeded: boolean; current: { value: string } | null }>> {
    return this.request(
      'POST',
      `${key}/cas`,
      JSON.stringify({ expected, value }),
      (status) => status === 409,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: string,
    alsoOk: (status: number) => boolean = () => false,
  ): Promise<KvClientOutcome<T>> {
    const [key, suffix] = path.endsWith('/cas') ? [path.slice(0, -4), '/cas'] : [path, ''];
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}/kv/${encodeURIComponent(key)}${suffix}`, {
        method,
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body === undefined ? {} : { body }),
      });
    } catch (error) {
      return { kind: 'unknown', reason: error instanceof Error ? error.message : String(error) };
    }
    let parsed: unknown;
    try {
      parsed = await response.json();
    } catch (error) {
      return { kind: 'unknown', reason: `unreadable answer: ${String(error)}` };
    }
    if (response.status === 404 && method === 'GET' && isError(parsed, 'ERR_KV_NOT_FOUND')) {
      return { kind: 'ok', status: 404, body: undefined as T };
    }
    if (response.ok || alsoOk(response.status))
      return { kind: 'ok', status: response.status, body: parsed as T };
    if (response.status === 504) return { kind: 'unknown', reason: errorCode(parsed) };
    return { kind: 'refused', status: response.status, error: errorCode(parsed) };
  }
}

function isError(body: unknown, code: string): boolean {
  return errorCode(body) === code;
}

function errorCode(body: unknown): string {
  const code = (body as { error?: unknown } | null)?.error;
  return typeof code === 'string' ? code : 'unknown';
}
