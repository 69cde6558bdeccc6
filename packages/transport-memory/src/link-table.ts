import { ANY_NODE } from './wildcard.js';

/**
 * Rules keyed by directed link (from → to), where either end may be the {@link ANY_NODE} wildcard.
 * Holds both the network's cuts and its per-link faults.
 *
 * Lookup precedence, most specific first: `from → to`, `from → *`, `* → to`, `* → *`. A source-side
 * rule beats a destination-side one because a fault is usually set "on a node's outbound links".
 */
export class LinkTable<V> {
  /** from → to → rule. */
  readonly #rules = new Map<string, Map<string, V>>();
  #size = 0;

  /** The number of rules. */
  get size(): number {
    return this.#size;
  }

  /** Sets the rule for exactly this `from → to` (a wildcard is stored as such, not expanded). */
  set(from: string, to: string, value: V): void {
    let targets = this.#rules.get(from);
    if (targets === undefined) {
      targets = new Map();
      this.#rules.set(from, targets);
    }
    if (!targets.has(to)) this.#size += 1;
    targets.set(to, value);
  }

  /** Removes the rule for exactly this `from → to`; rules with wildcards that also match are kept. */
  delete(from: string, to: string): void {
    const targets = this.#rules.get(from);
    if (targets?.delete(to) !== true) return;
    this.#size -= 1;
    if (targets.size === 0) this.#rules.delete(from);
  }

  /** Removes every rule. */
  clear(): void {
    this.#rules.clear();
    this.#size = 0;
  }

  /** The most specific rule matching the link `from → to` (both concrete node ids), if any. */
  lookup(from: string, to: string): V | undefined {
    // Checked first because most sends happen on a network with no rules at all.
    if (this.#size === 0) return undefined;
    const exact = this.#rules.get(from);
    const anyFrom = this.#rules.get(ANY_NODE);
    return exact?.get(to) ?? exact?.get(ANY_NODE) ?? anyFrom?.get(to) ?? anyFrom?.get(ANY_NODE);
  }
}
