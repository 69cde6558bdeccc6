import { describe, expect, it } from 'vitest';
import { FAULT_MIXES, isFaultMixName } from './fault-mix.js';

describe('fault mixes', () => {
  it('name every fault kind in `all`', () => {
    const everyKind = new Set(Object.values(FAULT_MIXES).flat());
    expect(new Set(FAULT_MIXES.all)).toEqual(everyKind);
  });

  it('recognize mix names', () => {
    expect(isFaultMixName('partitions')).toBe(true);
    expect(isFaultMixName('toString')).toBe(false);
  });
});
