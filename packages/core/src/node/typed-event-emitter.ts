/** A listener for events whose payload is `T`. */
export type Listener<T> = (payload: T) => void;

/**
 * A minimal event emitter, typed by an event map (`{ name: payload }`).
 *
 * Why not `node:events`: `@raft/core` keeps its driver free of Node-only imports so that it also
 * runs in workers and browsers, and a typed map catches a misspelt event name at compile time.
 *
 * A listener that throws never breaks the emitter's caller (the driver loop): the error goes to
 * `onListenerError` and the remaining listeners still run.
 */
export class TypedEventEmitter<Events extends object> {
  private readonly listeners = new Map<keyof Events, Set<Listener<never>>>();

  constructor(private readonly onListenerError: (error: unknown, event: keyof Events) => void) {}

  /** Adds a listener; returns a function that removes it (calling it twice is harmless). */
  on<E extends keyof Events>(event: E, listener: Listener<Events[E]>): () => void {
    let set = this.listeners.get(event);
    if (set === undefined) {
      set = new Set();
      this.listeners.set(event, set);
    }
    // A listener can be added twice: wrap it so each registration is removed on its own.
    const registration: Listener<Events[E]> = (payload) => listener(payload);
    set.add(registration as Listener<never>);
    return () => {
      set.delete(registration as Listener<never>);
    };
  }

  /** Calls every listener of `event`, in the order they were added. */
  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    const set = this.listeners.get(event);
    if (set === undefined || set.size === 0) return;
    // Copy first: a listener may add or remove listeners while we iterate.
    for (const listener of [...set] as Listener<Events[E]>[]) {
      try {
        listener(payload);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  /** The number of listeners of `event`. */
  listenerCount(event: keyof Events): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
