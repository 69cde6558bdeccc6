import { describe, expect, it } from 'vitest';
import { clusterObservation, logOfTerms, nodeObservation } from '../test-support/observation-builders.js';
import { SafetyChecker } from './safety-checker.js';
import { InvariantViolationError, renderViolation } from './violation.js';

describe('SafetyChecker', () => {
  it('returns the first violation and keeps returning it', () => {
    const checker = new SafetyChecker();
    const healthy = clusterObservation(1, [
      nodeObservation({ id: 'a', role: 'leader', term: 1, log: logOfTerms(1) }),
    ]);
    expect(checker.check(healthy)).toBeUndefined();
    const broken = clusterObservation(2, [
      nodeObservation({ id: 'a', role: 'leader', term: 1, log: logOfTerms(1) }),
      nodeObservation({ id: 'b', role: 'leader', term: 1, log: logOfTerms(1) }),
    ]);
    const violation = checker.check(broken);
    expect(violation?.invariant).toBe('Election Safety');
    expect(checker.check(healthy)).toBe(violation);
  });

  it('renders violations readably', () => {
    const rendered = renderViolation({
      invariant: 'State Machine Safety',
      message: 'a and b applied different entries at index 2',
      details: { index: 2, data: new TextEncoder().encode('{"op":"put"}'), binary: new Uint8Array([0, 1]) },
    });
    expect(rendered).toBe(
      [
        'State Machine Safety violated: a and b applied different entries at index 2',
        '  index: 2',
        '  data: "{\\"op\\":\\"put\\"}"',
        '  binary: "<2 bytes>"',
      ].join('\n'),
    );
    expect(new InvariantViolationError({ invariant: 'X', message: 'y', details: {} }, 'seed 4').message).toBe(
      'X violated: y\nseed 4',
    );
  });
});
