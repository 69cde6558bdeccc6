import { describe, expect, it } from 'vitest';
import { op } from '../test-support/kv-history-builders.js';
import { checkKvLinearizability } from './check-linearizability.js';

function expectNotLinearizable(history: Parameters<typeof checkKvLinearizability>[0], key: string) {
  const result = checkKvLinearizability(history);
  expect(result.ok).toBe(false);
  if (result.ok) return '';
  expect(result.key).toBe(key);
  expect(result.inconclusive).toBe(false);
  return result.explanation;
}

describe('checkKvLinearizability', () => {
  it('accepts an empty history', () => {
    expect(checkKvLinearizability([])).toEqual({ ok: true });
  });

  it('accepts a sequential history', () => {
    expect(
      checkKvLinearizability([
        op.get('c1', 'x', undefined, 0, 1),
        op.put('c1', 'x', 'a', 2, 3),
        op.get('c2', 'x', 'a', 4, 5),
        op.cas('c1', 'x', 'a', 'b', true, 6, 7),
        op.cas('c2', 'x', 'a', 'c', false, 8, 9),
        op.delete('c1', 'x', 10, 11),
        op.get('c2', 'x', undefined, 12, 13),
      ]),
    ).toEqual({ ok: true });
  });

  it('rejects a stale read', () => {
    const explanation = expectNotLinearizable(
      [op.put('c1', 'x', 'a', 0, 1), op.put('c1', 'x', 'b', 2, 3), op.get('c2', 'x', 'a', 4, 5)],
      'x',
    );
    expect(explanation).toContain('c2 get("x") → "a" [4, 5]');
    expect(explanation).toContain('reaching state "b"');
  });

  it('rejects a lost write (a later read sees the value before it)', () => {
    expectNotLinearizable(
      [
        op.put('c1', 'x', 'a', 0, 1),
        op.put('c2', 'x', 'b', 2, 3),
        op.get('c3', 'x', 'b', 4, 5),
        op.get('c3', 'x', 'a', 6, 7),
      ],
      'x',
    );
  });

  it('rejects a read of a value never written', () => {
    const explanation = expectNotLinearizable(
      [op.put('c1', 'x', 'a', 0, 1), op.get('c2', 'x', 'zz', 2, 3)],
      'x',
    );
    expect(explanation).toContain('does not fit this state');
  });

  it('rejects a read of a value from before a delete', () => {
    expectNotLinearizable(
      [op.put('c1', 'x', 'a', 0, 1), op.delete('c1', 'x', 2, 3), op.get('c2', 'x', 'a', 4, 5)],
      'x',
    );
  });

  describe('compare-and-set', () => {
    it('rejects two successful CAS from the same expected value', () => {
      expectNotLinearizable(
        [
          op.put('c0', 'x', 'a', 0, 1),
          op.cas('c1', 'x', 'a', 'b', true, 2, 10),
          op.cas('c2', 'x', 'a', 'c', true, 2, 10),
        ],
        'x',
      );
    });

    it('rejects a CAS that failed although the value matched', () => {
      expectNotLinearizable([op.put('c0', 'x', 'a', 0, 1), op.cas('c1', 'x', 'a', 'b', false, 2, 3)], 'x');
    });

    it('rejects a CAS that succeeded although the value differed', () => {
      expectNotLinearizable([op.put('c0', 'x', 'a', 0, 1), op.cas('c1', 'x', 'z', 'b', true, 2, 3)], 'x');
    });

    it('accepts a CAS on an absent key', () => {
      expect(
        checkKvLinearizability([op.cas('c1', 'x', undefined, 'a', true, 0, 1), op.get('c1', 'x', 'a', 2, 3)])
          .ok,
      ).toBe(true);
    });

    it('accepts concurrent CAS where one wins', () => {
      expect(
        checkKvLinearizability([
          op.put('c0', 'x', 'a', 0, 1),
          op.cas('c1', 'x', 'a', 'b', true, 2, 10),
          op.cas('c2', 'x', 'a', 'c', false, 3, 9),
          op.get('c3', 'x', 'b', 11, 12),
        ]).ok,
      ).toBe(true);
    });
  });

  it('accepts concurrent overlapping operations that can be ordered', () => {
    // The reads overlap both writes, so they may see either value, in an order consistent with one total order.
    expect(
      checkKvLinearizability([
        op.put('c1', 'x', 'a', 0, 10),
        op.put('c2', 'x', 'b', 1, 11),
        op.get('c3', 'x', 'b', 2, 4),
        op.get('c4', 'x', 'a', 5, 12),
      ]).ok,
    ).toBe(true);
  });

  it('rejects overlapping reads that disagree on the order of two writes', () => {
    // c3 sees b then a, c4 sees a then b: no single order of the two writes explains both.
    expectNotLinearizable(
      [
        op.put('c1', 'x', 'a', 0, 100),
        op.put('c2', 'x', 'b', 0, 100),
        op.get('c3', 'x', 'b', 10, 20),
        op.get('c3', 'x', 'a', 30, 40),
        op.get('c4', 'x', 'a', 10, 20),
        op.get('c4', 'x', 'b', 30, 40),
      ],
      'x',
    );
  });

  it('treats touching windows as concurrent', () => {
    expect(
      checkKvLinearizability([op.put('c1', 'x', 'a', 0, 5), op.get('c2', 'x', undefined, 5, 6)]).ok,
    ).toBe(true);
  });

  describe('unknown outcomes', () => {
    it('accepts an unknown write whose effect is seen later', () => {
      expect(
        checkKvLinearizability([
          op.put('c1', 'x', 'a', 0, undefined),
          op.get('c2', 'x', undefined, 1, 2),
          op.get('c2', 'x', 'a', 100, 101),
        ]).ok,
      ).toBe(true);
    });

    it('accepts an unknown write that is never seen', () => {
      expect(
        checkKvLinearizability([
          op.put('c0', 'x', 'z', 0, 1),
          op.put('c1', 'x', 'a', 2, undefined),
          op.get('c2', 'x', 'z', 3, 4),
          op.get('c2', 'x', 'z', 500, 501),
        ]).ok,
      ).toBe(true);
    });

    it('rejects an unknown write seen before it was invoked', () => {
      expectNotLinearizable([op.get('c2', 'x', 'a', 0, 1), op.put('c1', 'x', 'a', 2, undefined)], 'x');
    });

    it('rejects an unknown write that appears, disappears and reappears', () => {
      expectNotLinearizable(
        [
          op.put('c1', 'x', 'a', 0, undefined),
          op.get('c2', 'x', 'a', 10, 11),
          op.get('c2', 'x', undefined, 12, 13),
          op.get('c2', 'x', 'a', 14, 15),
        ],
        'x',
      );
    });

    it('lets an unknown CAS take effect only when its expectation holds', () => {
      expect(
        checkKvLinearizability([
          op.put('c0', 'x', 'a', 0, 1),
          op.cas('c1', 'x', 'a', 'b', false, 2, undefined),
          op.get('c2', 'x', 'b', 5, 6),
        ]).ok,
      ).toBe(true);
      expectNotLinearizable(
        [
          op.put('c0', 'x', 'q', 0, 1),
          op.cas('c1', 'x', 'a', 'b', false, 2, undefined),
          op.get('c2', 'x', 'b', 5, 6),
        ],
        'x',
      );
    });
  });

  it('checks keys independently and names the failing one', () => {
    const result = checkKvLinearizability([
      op.put('c1', 'x', 'a', 0, 1),
      op.put('c1', 'y', 'a', 0, 1),
      op.get('c2', 'x', 'a', 2, 3),
      op.get('c2', 'y', undefined, 2, 3),
    ]);
    expect(result).toMatchObject({ ok: false, key: 'y' });
  });

  it('explains where the search got stuck', () => {
    const result = checkKvLinearizability([
      op.put('c1', 'x', 'a', 0, 1),
      op.put('c1', 'x', 'b', 2, 3),
      op.get('c2', 'x', 'a', 4, 5),
    ]);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.explanation).toBe(
      [
        'The longest linearization found has 2 operation(s):',
        '  c1 put("x", "a") [0, 1]',
        '  c1 put("x", "b") [2, 3]',
        'reaching state "b".',
        'Then c2 get("x") → "a" [4, 5] responded, but no operation could take effect next:',
        '  c2 get("x") → "a" [4, 5]: does not fit this state',
      ].join('\n'),
    );
  });

  it('refuses a completed read without an output', () => {
    expect(() =>
      checkKvLinearizability([{ kind: 'get', clientId: 'c', key: 'x', invokedAt: 0, completedAt: 1 }]),
    ).toThrow(/no output/);
  });

  it('reports an exhausted budget as inconclusive', () => {
    const history = [
      op.put('c1', 'x', 'a', 0, 100),
      op.put('c2', 'x', 'b', 0, 100),
      op.put('c3', 'x', 'c', 0, 100),
      op.get('c4', 'x', 'zz', 0, 100),
    ];
    const result = checkKvLinearizability(history, { maxExploredStates: 2 });
    expect(result).toMatchObject({ ok: false, inconclusive: true });
  });
});
