import type { IncomingMessage } from 'node:http';
import { HttpProblem } from './http-problem.js';

/**
 * Reads a request body of at most `maxBytes` and parses it as JSON.
 *
 * @throws HttpProblem 413 when the body is larger (by `Content-Length`, before reading anything,
 *   or while streaming, when the client sent no length); 400 when it is not valid JSON.
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<unknown> {
  const tooLarge = () =>
    new HttpProblem(413, 'ERR_RAFT_CLUSTER_BODY_TOO_LARGE', `the request body exceeds ${maxBytes} bytes`);
  const declared = Number(request.headers['content-length']);
  if (declared > maxBytes) throw tooLarge();
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > maxBytes) throw tooLarge();
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch (error) {
    throw new HttpProblem(
      400,
      'ERR_RAFT_CLUSTER_BAD_REQUEST',
      `the body is not valid JSON: ${(error as Error).message}`,
    );
  }
}
