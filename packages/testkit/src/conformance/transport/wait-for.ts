/** Sleeps for `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` every few ms until it holds; throws naming `what` after `timeoutMs`. `what` may
 * be a function, called only on timeout, to describe the state the wait gave up in.
 * A bounded loop: it never waits longer than asked.
 */
export async function waitFor(
  condition: () => boolean,
  timeoutMs: number,
  what: string | (() => string),
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`,
      );
    }
    await sleep(5);
  }
}

/** Runs `operation` until it resolves, retrying every 20 ms; rethrows its last error after `timeoutMs`. */
export async function retrying<T>(operation: () => Promise<T>, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(20);
    }
  }
}
