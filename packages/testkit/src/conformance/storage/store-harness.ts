/**
 * What a storage conformance suite asks of the store under test: a fresh, empty instance, a way to
 * restart it over the same data, and a cleanup.
 *
 * `reopen` is optional because an in-memory store cannot survive a restart; without it the suites
 * skip their durability cases with a visible note instead of failing.
 */
export interface StoreHarness<Store> {
  /** A freshly opened store holding nothing. */
  readonly store: Store;
  /**
   * Closes the current instance (if it is still open) and opens a new one over the same data, as a
   * restarted process would; resolves with the new instance. Every case that calls it uses the
   * returned instance from then on.
   */
  reopen?(): Promise<Store>;
  /** Closes whatever instance is still open and deletes its data (temporary directories and files). */
  cleanup(): Promise<void>;
}

/** Creates one {@link StoreHarness}; a suite calls it once per case. */
export type StoreFactory<Store> = () => StoreHarness<Store> | Promise<StoreHarness<Store>>;

/** The note a durability case is skipped with when the factory gives no `reopen`. */
export const NO_REOPEN_NOTE =
  'skipped: the factory gives no reopen(), so survival across a restart is not checked (fine for in-memory stores only)';

/** The store a case works on, which changes when the case restarts it. */
export interface StoreSession<Store> {
  /** The instance currently open. */
  readonly store: Store;
  /** Restarts the store (see {@link StoreHarness.reopen}) and returns the new instance. */
  reopen(): Promise<Store>;
}

/**
 * Runs `body` against a fresh store and always cleans up. When `needsReopen` is set and the harness
 * has no `reopen`, calls `skip` with {@link NO_REOPEN_NOTE} (after cleaning up) instead.
 */
export async function withStore<Store>(
  factory: StoreFactory<Store>,
  body: (session: StoreSession<Store>) => Promise<void>,
  durability?: { readonly skip: (note: string) => never },
): Promise<void> {
  const harness = await factory();
  const reopen = harness.reopen?.bind(harness);
  if (durability !== undefined && reopen === undefined) {
    await harness.cleanup();
    durability.skip(NO_REOPEN_NOTE);
  }
  let current = harness.store;
  const session: StoreSession<Store> = {
    get store() {
      return current;
    },
    async reopen() {
      if (reopen === undefined) throw new Error('this store harness has no reopen()');
      current = await reopen();
      return current;
    },
  };
  try {
    await body(session);
  } finally {
    await harness.cleanup();
  }
}
