import { ConfigError } from '@raft/core';
import type { HostPort } from './cluster-config.js';
import { checkString, describeValue } from './config-checks.js';

/**
 * `value` as `host:port` (`[::1]:7001` for IPv6), or a {@link ConfigError} for `key`. Port 0 (any
 * free port) only where `allowAnyPort`: an address peers dial needs a real port.
 */
export function parseHostPort(key: string, value: unknown, allowAnyPort = false): HostPort {
  const text = checkString(key, value);
  const colon = text.lastIndexOf(':');
  const rawHost = colon > 0 ? text.slice(0, colon) : '';
  const host = rawHost.startsWith('[') && rawHost.endsWith(']') ? rawHost.slice(1, -1) : rawHost;
  const portText = colon > 0 ? text.slice(colon + 1) : '';
  const port = /^\d{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  const minimumPort = allowAnyPort ? 0 : 1;
  if (host === '' || !(port >= minimumPort && port <= 65_535)) {
    throw new ConfigError(
      key,
      `expected host:port with a port from ${minimumPort} to 65535, got ${describeValue(value)}`,
    );
  }
  return { host, port };
}
