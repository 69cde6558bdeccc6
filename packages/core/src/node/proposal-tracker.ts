import { OutcomeUnknownError } from '../errors/outcome-unknown-error.js';
import { ProposalDroppedError } from '../errors/proposal-dropped-error.js';
import { type ProposalBatch, rejectBatch } from './proposal-batch.js';

/** A batch appended at `firstIndex..lastIndex` in `term`. */
interface AppendedBatch {
  readonly firstIndex: number;
  readonly lastIndex: number;
  readonly term: number;
  readonly callers: ProposalBatch;
}

/**
 * Proposals that were appended to some leader's log, waiting for the entry at their index to be
 * applied.
 *
 * Rule: when the entry at index `i` is applied, a proposal appended at `i` in term `t` is decided.
 * If the entry's term is `t` it is that proposal's entry (Log Matching: index and term identify an
 * entry, paper §5.3), so the caller gets the state machine's result; otherwise another leader's
 * entry won the slot and the proposal can never commit, so the caller gets `ProposalDroppedError`.
 *
 * Batches are kept sorted by `firstIndex`. Normally each new batch starts after the previous one,
 * so `settle` looks at the head batch only. Two batches can overlap when this node loses
 * leadership, has its log truncated, and leads again: both wait, and the applied entry's term
 * decides between them.
 */
export class ProposalTracker {
  private readonly batches: AppendedBatch[] = [];
  /** The index of the last entry passed to `settle`. Entries are applied in order, each once. */
  private settledIndex: number;

  constructor(appliedIndex = 0) {
    this.settledIndex = appliedIndex;
  }

  /** The number of batches still waiting (for tests and status). */
  get pendingBatches(): number {
    return this.batches.length;
  }

  /** Tracks callers whose proposals were appended at `firstIndex..` in `term`. */
  add(firstIndex: number, term: number, callers: ProposalBatch): void {
    const count = callers.resolves.length;
    if (count === 0) return;
    // An entry already applied before we learned where it went (possible only for forwarded
    // proposals whose answer was overtaken): we no longer know its term, so its fate is unknown.
    const alreadySettled = Math.min(count, Math.max(0, this.settledIndex - firstIndex + 1));
    if (alreadySettled > 0) {
      const unknown = {
        resolves: callers.resolves.slice(0, alreadySettled),
        rejects: callers.rejects.slice(0, alreadySettled),
      };
      rejectBatch(
        unknown,
        () =>
          new OutcomeUnknownError('its entry was applied before the leader reported where it was appended'),
      );
      if (alreadySettled === count) return;
      callers = {
        resolves: callers.resolves.slice(alreadySettled),
        rejects: callers.rejects.slice(alreadySettled),
      };
      firstIndex += alreadySettled;
    }
    const batch: AppendedBatch = {
      firstIndex,
      lastIndex: firstIndex + callers.resolves.length - 1,
      term,
      callers,
    };
    const batches = this.batches;
    let position = batches.length;
    while (position > 0 && batches[position - 1]!.firstIndex > firstIndex) position--;
    if (position === batches.length) batches.push(batch);
    else batches.splice(position, 0, batch);
  }

  /**
   * Decides the proposals at `index`, the entry just applied: `result` (the state machine's
   * result; `undefined` for noop and config entries) goes to the one appended in `term`.
   * Must be called for every applied entry, in index order.
   */
  settle(index: number, term: number, result: unknown): void {
    this.settledIndex = index;
    const batches = this.batches;
    const head = batches[0];
    if (head === undefined || head.firstIndex > index) return;
    for (let position = 0; position < batches.length; position++) {
      const batch = batches[position]!;
      if (batch.firstIndex > index) break;
      if (index > batch.lastIndex) continue;
      const offset = index - batch.firstIndex;
      if (batch.term === term) {
        batch.callers.resolves[offset]!(result);
      } else {
        batch.callers.rejects[offset]!(
          new ProposalDroppedError(`entry ${index} was overwritten by one from term ${term}`),
        );
      }
    }
    // Drop the batches that are now fully decided from the front.
    while (batches.length > 0 && batches[0]!.lastIndex <= index) batches.shift();
  }

  /**
   * Skips the entries up to `throughIndex` without applying them one by one: an installed snapshot
   * replaced them. Proposals appended at those indexes reject with `OutcomeUnknownError`, since
   * the snapshot may or may not include their entries and their terms are no longer known; later
   * ones keep waiting. Later `settle` calls continue after `throughIndex`.
   */
  skipThrough(throughIndex: number): void {
    if (throughIndex <= this.settledIndex) return;
    const previouslySettled = this.settledIndex;
    this.settledIndex = throughIndex;
    const batches = this.batches;
    const makeError = () =>
      new OutcomeUnknownError(`its entry was replaced by a snapshot through index ${throughIndex}`);
    for (let position = 0; position < batches.length; position++) {
      const batch = batches[position]!;
      if (batch.firstIndex > throughIndex) break;
      const covered = Math.min(batch.lastIndex, throughIndex) - batch.firstIndex + 1;
      // Callers at or before the previously settled index were decided already.
      const fromOffset = Math.max(0, previouslySettled + 1 - batch.firstIndex);
      rejectBatch({ resolves: [], rejects: batch.callers.rejects.slice(0, covered) }, makeError, fromOffset);
      if (batch.lastIndex > throughIndex) {
        batches[position] = {
          firstIndex: throughIndex + 1,
          lastIndex: batch.lastIndex,
          term: batch.term,
          callers: {
            resolves: batch.callers.resolves.slice(covered),
            rejects: batch.callers.rejects.slice(covered),
          },
        };
      }
    }
    while (batches.length > 0 && batches[0]!.lastIndex <= throughIndex) batches.shift();
  }

  /** Rejects every undecided proposal (the node stopped) and forgets them all. */
  rejectAll(makeError: () => Error): void {
    for (const batch of this.batches) {
      const fromOffset = Math.max(0, this.settledIndex + 1 - batch.firstIndex);
      rejectBatch(batch.callers, makeError, fromOffset);
    }
    this.batches.length = 0;
  }
}
