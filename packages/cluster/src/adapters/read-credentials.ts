import { readFile } from 'node:fs/promises';
import { ConfigError } from '@raft/core';
import type { TransportConfig } from '../config/cluster-config.js';
import { MIN_SECRET_LENGTH } from '../config/validate-transport-section.js';

/** The secret and TLS material the transport and the admin server use, read from the config's files. */
export interface TransportCredentials {
  readonly clusterSecret: string;
  readonly tls:
    | {
        readonly cert: string;
        readonly key: string;
        readonly ca?: string;
        readonly requireClientCertificate?: boolean;
        readonly serverName?: string;
      }
    | undefined;
}

/**
 * Reads `transport.secretFile` (surrounding whitespace, such as the final newline, is dropped) and
 * the TLS files.
 *
 * @throws ConfigError naming the key of a file that cannot be read, or a secret that is too short.
 */
export async function readTransportCredentials(transport: TransportConfig): Promise<TransportCredentials> {
  // Validation guarantees exactly one of secret and secretFile.
  const clusterSecret = transport.secret ?? (await readSecretFile(transport.secretFile!));
  const { tls } = transport;
  if (tls === undefined) return { clusterSecret, tls: undefined };
  const [cert, key, ca] = await Promise.all([
    readConfigFile('transport.tls.certFile', tls.certFile),
    readConfigFile('transport.tls.keyFile', tls.keyFile),
    tls.caFile === undefined ? undefined : readConfigFile('transport.tls.caFile', tls.caFile),
  ]);
  return {
    clusterSecret,
    tls: {
      cert,
      key,
      ...(ca === undefined ? {} : { ca }),
      ...(tls.requireClientCertificate === undefined
        ? {}
        : { requireClientCertificate: tls.requireClientCertificate }),
      ...(tls.serverName === undefined ? {} : { serverName: tls.serverName }),
    },
  };
}

async function readSecretFile(file: string): Promise<string> {
  const secret = (await readConfigFile('transport.secretFile', file)).trim();
  if (secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      'transport.secretFile',
      `the secret in ${file} must be at least ${MIN_SECRET_LENGTH} characters`,
    );
  }
  return secret;
}

async function readConfigFile(key: string, file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      key,
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
    );
  }
}
