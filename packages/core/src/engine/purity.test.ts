import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ENGINE_DIR = new URL('.', import.meta.url).pathname;
const FORBIDDEN = [
  /Math\.random/,
  /Date\.now/,
  /new Date\(/,
  /performance\.now/,
  /setTimeout|setInterval|setImmediate|queueMicrotask/,
  /from ['"]node:/,
  /require\(/,
  /\basync\b|\bawait\b/,
  /process\./,
];

describe('the engine is pure (CONVENTIONS 1)', () => {
  const files = readdirSync(ENGINE_DIR).filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'));

  it('has source files to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });

  for (const file of files) {
    it(`${file} uses no clock, randomness, timers, I/O or async code`, () => {
      const source = readFileSync(join(ENGINE_DIR, file), 'utf8');
      for (const pattern of FORBIDDEN) expect(source, `${file} matches ${pattern}`).not.toMatch(pattern);
    });
  }
});
