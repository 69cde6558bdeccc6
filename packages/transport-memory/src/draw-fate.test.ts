import { describe, expect, it } from 'vitest';
import { drawFate } from './draw-fate.js';
import { NO_FAULTS, resolveLinkFaults } from './link-faults.js';

/** A "random" source that replays `values` and records how many were drawn. */
function scripted(values: readonly number[]) {
  let drawn = 0;
  const random = () => {
    const value = values[drawn];
    if (value === undefined) throw new Error(`draw ${drawn + 1} was not scripted`);
    drawn += 1;
    return value;
  };
  return { random, drawn: () => drawn };
}

describe('drawFate', () => {
  it('draws nothing for a fault-free link', () => {
    const source = scripted([]);
    expect(drawFate(NO_FAULTS, source.random)).toEqual({
      lost: false,
      copies: [{ delayMs: 0, reordered: false }],
    });
    expect(source.drawn()).toBe(0);
  });

  it('draws in the documented order: loss, duplicate, then per copy delay, reorder, extra delay', () => {
    const faults = resolveLinkFaults({
      dropRate: 0.5,
      duplicateRate: 0.5,
      reorderRate: 0.5,
      minDelayMs: 10,
      maxDelayMs: 20,
      reorderDelayMs: 8,
    });
    //                         loss kept, duplicated, copy 1: delay 15, not reordered, copy 2: delay 10, reordered, +4
    const source = scripted([0.9, 0.1, 0.5, 0.9, 0, 0.2, 0.5]);
    expect(drawFate(faults, source.random)).toEqual({
      lost: false,
      copies: [
        { delayMs: 15, reordered: false },
        { delayMs: 14, reordered: true },
      ],
    });
    expect(source.drawn()).toBe(7);
  });

  it('stops at the first draw when the message is lost', () => {
    const source = scripted([0.1]);
    expect(
      drawFate(resolveLinkFaults({ dropRate: 0.5, duplicateRate: 1, maxDelayMs: 5 }), source.random),
    ).toEqual({
      lost: true,
    });
    expect(source.drawn()).toBe(1);
  });
});
