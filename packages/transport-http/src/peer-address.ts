import { ConfigError } from '@raft/core';

/**
 * The origin (`http://host:port` or `https://host:port`) of a peer address given as `host:port`,
 * `[ipv6]:port` or a full `http(s)://` URL.
 */
export function peerOrigin(address: string, useTls: boolean): string {
  const withScheme = /^https?:\/\//.test(address) ? address : `${useTls ? 'https' : 'http'}://${address}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new ConfigError('peers', `invalid address ${JSON.stringify(address)}`);
  }
  if (url.port === '') throw new ConfigError('peers', `address ${JSON.stringify(address)} has no port`);
  return url.origin;
}
