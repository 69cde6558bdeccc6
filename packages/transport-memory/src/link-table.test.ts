import { describe, expect, it } from 'vitest';
import { LinkTable } from './link-table.js';

describe('LinkTable', () => {
  it('prefers from → to, then from → *, then * → to, then * → *', () => {
    const table = new LinkTable<string>();
    table.set('*', '*', 'any');
    expect(table.lookup('a', 'b')).toBe('any');
    table.set('*', 'b', 'into b');
    expect(table.lookup('a', 'b')).toBe('into b');
    table.set('a', '*', 'out of a');
    expect(table.lookup('a', 'b')).toBe('out of a');
    table.set('a', 'b', 'a to b');
    expect(table.lookup('a', 'b')).toBe('a to b');
    expect(table.lookup('b', 'a')).toBe('any');
    expect(table.lookup('c', 'b')).toBe('into b');
  });

  it('deletes exactly one rule, keeps count, and clears', () => {
    const table = new LinkTable<number>();
    table.set('a', 'b', 1);
    table.set('a', 'b', 2);
    table.set('*', 'b', 3);
    expect(table.size).toBe(2);
    table.delete('a', 'b');
    table.delete('a', 'b');
    expect(table.size).toBe(1);
    expect(table.lookup('a', 'b')).toBe(3);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.lookup('a', 'b')).toBeUndefined();
  });
});
