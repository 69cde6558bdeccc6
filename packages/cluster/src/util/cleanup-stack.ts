/**
 * Undo steps, run last-in first-out: what was started last stops first (the admin server before
 * the node, the node before its stores). Used both to stop a node and to unwind a failed start.
 */
export class CleanupStack {
  readonly #steps: (() => Promise<void> | void)[] = [];

  push(step: () => Promise<void> | void): void {
    this.#steps.push(step);
  }

  /**
   * Runs every step once, newest first, even when one fails; then rethrows the first failure.
   * Later calls do nothing.
   */
  async run(): Promise<void> {
    let failure: { error: unknown } | undefined;
    for (let step = this.#steps.pop(); step !== undefined; step = this.#steps.pop()) {
      try {
        await step();
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure !== undefined) throw failure.error;
  }
}
