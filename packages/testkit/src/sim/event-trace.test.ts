import { describe, expect, it } from 'vitest';
import { EventTrace } from './event-trace.js';

describe('EventTrace', () => {
  it('keeps the most recent events, oldest first', () => {
    const trace = new EventTrace(3);
    for (let i = 1; i <= 5; i++) trace.add(i, i * 10, `event ${i}`);
    expect(trace.recent().map((event) => event.text)).toEqual(['event 3', 'event 4', 'event 5']);
    expect(trace.render()).toBe(
      [
        '  (2 earlier events not shown)',
        '  [step 3, 30.0 ms] event 3',
        '  [step 4, 40.0 ms] event 4',
        '  [step 5, 50.0 ms] event 5',
      ].join('\n'),
    );
  });

  it('renders a short trace without a preamble', () => {
    const trace = new EventTrace(3);
    trace.add(1, 0.25, 'only');
    expect(trace.render()).toBe('  [step 1, 0.3 ms] only');
  });
});
