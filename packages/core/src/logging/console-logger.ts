import type { LogFields, Logger } from '../interfaces/logger.js';

/** How much a logger prints: everything at or above the level; `silent` prints nothing. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';

/** The console methods a {@link createConsoleLogger} logger writes to. */
export type ConsoleLike = Pick<Console, 'debug' | 'info' | 'warn' | 'error'>;

/** Options of {@link createConsoleLogger}. */
export interface ConsoleLoggerOptions {
  /** The least severe level printed. Default `info`. */
  readonly level?: LogLevel;
  /** Printed before every message, such as the node id (`[n1]`). Default none. */
  readonly prefix?: string;
  /** Where lines go. Default the global `console` (debug and info to stdout, warn and error to stderr). */
  readonly console?: ConsoleLike;
}

const SEVERITY: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40, silent: 50 };

/**
 * Creates a {@link Logger} that prints to the console: `prefix message` and, when there are any,
 * the fields as a second argument, so the console renders them as an object. Lines below `level`
 * cost one comparison.
 */
export function createConsoleLogger(options: ConsoleLoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  if (!Object.hasOwn(SEVERITY, level)) {
    throw new TypeError(`createConsoleLogger: unknown level ${JSON.stringify(level)}`);
  }
  const threshold = SEVERITY[level];
  const prefix = options.prefix === undefined || options.prefix === '' ? '' : `${options.prefix} `;
  const target = options.console ?? console;
  const method = (methodLevel: Exclude<LogLevel, 'silent'>) => {
    if (SEVERITY[methodLevel] < threshold) return () => {};
    return (message: string, fields?: LogFields): void => {
      const line = prefix + message;
      if (fields === undefined || Object.keys(fields).length === 0) target[methodLevel](line);
      else target[methodLevel](line, fields);
    };
  };
  return { debug: method('debug'), info: method('info'), warn: method('warn'), error: method('error') };
}
