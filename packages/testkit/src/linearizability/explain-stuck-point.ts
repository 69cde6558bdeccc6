import type { LinearizationModel } from './linearization-model.js';
import type { StuckPoint, TimedOperation } from './linearization-search.js';

/** How many of the linearized operations an explanation shows (the most recent ones). */
const SHOWN_PREFIX = 8;

/**
 * Renders where a linearizability search got stuck as readable text: the tail of the longest
 * linearization found, the state it reached, the operation that had to take effect before it
 * responded, and why each candidate could not go next.
 */
export function explainStuckPoint<Operation extends TimedOperation, State>(
  model: LinearizationModel<State, Operation>,
  stuck: StuckPoint<Operation, State>,
): string {
  const completed = (operation: Operation) => operation.completedAt !== undefined;
  const describe = (operation: Operation) => model.describeOperation(operation, completed(operation));
  const lines: string[] = [];
  const total = stuck.linearized.length;
  if (total === 0) {
    lines.push(`No operation could be linearized first; the state was ${model.describeState(stuck.state)}.`);
  } else {
    const shown = stuck.linearized.slice(-SHOWN_PREFIX);
    lines.push(
      `The longest linearization found has ${total} operation(s)${total > shown.length ? `; the last ${shown.length}` : ''}:`,
    );
    for (const operation of shown) lines.push(`  ${describe(operation)}`);
    lines.push(`reaching state ${model.describeState(stuck.state)}.`);
  }
  lines.push(`Then ${describe(stuck.blocking)} responded, but no operation could take effect next:`);
  for (const candidate of stuck.candidates) {
    const fits = model.step(stuck.state, candidate, completed(candidate)).ok;
    lines.push(
      `  ${describe(candidate)}: ${fits ? 'fits here, but every continuation fails' : 'does not fit this state'}`,
    );
  }
  return lines.join('\n');
}
