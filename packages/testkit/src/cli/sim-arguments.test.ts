import { describe, expect, it } from 'vitest';
import { parseSimArguments } from './sim-arguments.js';

describe('parseSimArguments', () => {
  it('has defaults', () => {
    expect(parseSimArguments([])).toEqual({
      seeds: 20,
      startSeed: 1,
      faults: ['all'],
      nodes: 3,
      durationMs: 5000,
      verbose: false,
      failFast: false,
    });
  });

  it('reads options in both spellings', () => {
    expect(
      parseSimArguments(['--seeds', '5', '--start-seed=40', '--faults', 'crashes', '--nodes=5', '--verbose']),
    ).toMatchObject({ seeds: 5, startSeed: 40, faults: ['crashes'], nodes: 5, verbose: true });
  });

  it('rotates through every mix with --faults mixed', () => {
    expect(parseSimArguments(['--faults', 'mixed']).faults).toContain('partitions');
  });

  it('rejects bad input with a readable message', () => {
    expect(() => parseSimArguments(['--seeds', 'x'])).toThrow('--seeds must be an integer >= 1, got x');
    expect(() => parseSimArguments(['--faults', 'meteor'])).toThrow(/--faults must be one of/);
    expect(() => parseSimArguments(['--speed', '3'])).toThrow('unknown option --speed');
    expect(() => parseSimArguments(['--seeds'])).toThrow('--seeds needs a value');
    expect(() => parseSimArguments(['seven'])).toThrow(/unexpected argument/);
  });
});
