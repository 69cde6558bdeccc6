import { describe, expect, it, vi } from 'vitest';
import { type ConsoleLike, createConsoleLogger } from './console-logger.js';

function fakeConsole() {
  return { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() } satisfies ConsoleLike;
}

describe('createConsoleLogger', () => {
  it('prints at info and above by default, each level to its console method', () => {
    const target = fakeConsole();
    const logger = createConsoleLogger({ console: target });
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(target.debug).not.toHaveBeenCalled();
    expect(target.info).toHaveBeenCalledWith('i');
    expect(target.warn).toHaveBeenCalledWith('w');
    expect(target.error).toHaveBeenCalledWith('e');
  });

  it('filters below the chosen level', () => {
    const target = fakeConsole();
    const logger = createConsoleLogger({ level: 'warn', console: target });
    logger.info('hidden');
    logger.warn('shown');
    expect(target.info).not.toHaveBeenCalled();
    expect(target.warn).toHaveBeenCalledWith('shown');
  });

  it('prints debug lines at level debug', () => {
    const target = fakeConsole();
    createConsoleLogger({ level: 'debug', console: target }).debug('details');
    expect(target.debug).toHaveBeenCalledWith('details');
  });

  it('prints nothing at level silent', () => {
    const target = fakeConsole();
    const logger = createConsoleLogger({ level: 'silent', console: target });
    logger.error('boom');
    expect(target.error).not.toHaveBeenCalled();
  });

  it('puts the prefix before the message and passes fields as an object', () => {
    const target = fakeConsole();
    const logger = createConsoleLogger({ prefix: '[n1]', console: target });
    logger.info('became leader', { term: 3 });
    logger.info('no fields', {});
    expect(target.info).toHaveBeenNthCalledWith(1, '[n1] became leader', { term: 3 });
    expect(target.info).toHaveBeenNthCalledWith(2, '[n1] no fields');
  });

  it('writes to the global console by default', () => {
    const spy = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      createConsoleLogger().warn('careful');
      expect(spy).toHaveBeenCalledWith('careful');
    } finally {
      spy.mockRestore();
    }
  });

  it('rejects an unknown level', () => {
    expect(() => createConsoleLogger({ level: 'verbose' as never })).toThrow(TypeError);
  });
});
