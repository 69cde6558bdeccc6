import { ConfigError } from '@raft/core';
import type { HostPort, TlsFilesConfig, TransportConfig, TransportKind } from './cluster-config.js';
import {
  type ConfigRecord,
  checkBoolean,
  checkInteger,
  checkOneOf,
  checkSection,
  checkString,
  describeValue,
  isRecord,
  optional,
} from './config-checks.js';
import { parsePositiveDurationMs } from './duration.js';
import { parseHostPort } from './host-port.js';

/** The shortest cluster secret, in characters: the network transports' own minimum. */
export const MIN_SECRET_LENGTH = 16;

const COMMON_KEYS = [
  'kind',
  'listen',
  'clusterId',
  'secret',
  'secretFile',
  'tls',
  'connectTimeout',
  'maxBatchBytes',
  'maxBatchMessages',
  'maxQueuedMessages',
  'backoff',
];
const KIND_KEYS: Readonly<Record<TransportKind, readonly string[]>> = {
  http: ['requestTimeout', 'maxBodyBytes'],
  grpc: ['writeTimeout', 'keepaliveTime', 'keepaliveTimeout', 'maxMessageBytes'],
};

const positiveInteger = (key: string, value: unknown) => checkInteger(key, value, 1);

/**
 * Checks `transport`: the kind, where to listen (default: `node.raftAddress`), the cluster secret
 * (exactly one of `secret` and `secretFile`: it authenticates peers and the admin API's
 * mutations), TLS files, and the tuning both transports share plus the chosen kind's own.
 */
export function validateTransportSection(value: unknown, raftAddress: HostPort): TransportConfig {
  if (!isRecord(value)) throw new ConfigError('transport', `expected an object, got ${describeValue(value)}`);
  const kind = checkOneOf('transport.kind', value.kind, ['http', 'grpc']);
  const section = checkKindKeys(value, kind);
  const secret = optional('transport.secret', section.secret, checkString);
  const secretFile = optional('transport.secretFile', section.secretFile, checkString);
  if (secret === undefined && secretFile === undefined) {
    throw new ConfigError(
      'transport.secret',
      'required: give transport.secret or transport.secretFile (it authenticates peers and admin requests)',
    );
  }
  if (secret !== undefined && secretFile !== undefined) {
    throw new ConfigError('transport.secretFile', 'give transport.secret or transport.secretFile, not both');
  }
  if (secret !== undefined && secret.length < MIN_SECRET_LENGTH) {
    throw new ConfigError('transport.secret', `must be at least ${MIN_SECRET_LENGTH} characters`);
  }
  const duration = (key: string) => optional(`transport.${key}`, section[key], parsePositiveDurationMs);
  return {
    kind,
    listen: section.listen === undefined ? raftAddress : parseHostPort('transport.listen', section.listen),
    clusterId: optional('transport.clusterId', section.clusterId, checkString),
    secret,
    secretFile,
    tls: section.tls === undefined ? undefined : validateTls(section.tls),
    connectTimeoutMs: duration('connectTimeout'),
    maxBatchBytes: optional('transport.maxBatchBytes', section.maxBatchBytes, positiveInteger),
    maxBatchMessages: optional('transport.maxBatchMessages', section.maxBatchMessages, positiveInteger),
    maxQueuedMessages: optional('transport.maxQueuedMessages', section.maxQueuedMessages, positiveInteger),
    backoff: section.backoff === undefined ? undefined : validateBackoff(section.backoff),
    requestTimeoutMs: duration('requestTimeout'),
    maxBodyBytes: optional('transport.maxBodyBytes', section.maxBodyBytes, positiveInteger),
    writeTimeoutMs: duration('writeTimeout'),
    keepaliveTimeMs: duration('keepaliveTime'),
    keepaliveTimeoutMs: duration('keepaliveTimeout'),
    maxMessageBytes: optional('transport.maxMessageBytes', section.maxMessageBytes, positiveInteger),
  };
}

/** Rejects unknown keys, saying so plainly when a key belongs to the other kind. */
function checkKindKeys(section: ConfigRecord, kind: TransportKind): ConfigRecord {
  const other: TransportKind = kind === 'http' ? 'grpc' : 'http';
  for (const key of Object.keys(section)) {
    if (KIND_KEYS[other].includes(key)) {
      throw new ConfigError(`transport.${key}`, `applies to transport.kind "${other}" only, not "${kind}"`);
    }
  }
  return checkSection('transport', section, [...COMMON_KEYS, ...KIND_KEYS[kind]]);
}

function validateTls(value: unknown): TlsFilesConfig {
  const section = checkSection('transport.tls', value, [
    'certFile',
    'keyFile',
    'caFile',
    'requireClientCertificate',
    'serverName',
  ]);
  return {
    certFile: checkString('transport.tls.certFile', section.certFile),
    keyFile: checkString('transport.tls.keyFile', section.keyFile),
    caFile: optional('transport.tls.caFile', section.caFile, checkString),
    requireClientCertificate: optional(
      'transport.tls.requireClientCertificate',
      section.requireClientCertificate,
      checkBoolean,
    ),
    serverName: optional('transport.tls.serverName', section.serverName, checkString),
  };
}

function validateBackoff(value: unknown): { initialDelayMs?: number; maxDelayMs?: number } {
  const section = checkSection('transport.backoff', value, ['initialDelay', 'maxDelay']);
  const initialDelayMs = optional(
    'transport.backoff.initialDelay',
    section.initialDelay,
    parsePositiveDurationMs,
  );
  const maxDelayMs = optional('transport.backoff.maxDelay', section.maxDelay, parsePositiveDurationMs);
  if (initialDelayMs !== undefined && maxDelayMs !== undefined && maxDelayMs < initialDelayMs) {
    throw new ConfigError('transport.backoff.maxDelay', `must be >= initialDelay (${initialDelayMs} ms)`);
  }
  return {
    ...(initialDelayMs === undefined ? {} : { initialDelayMs }),
    ...(maxDelayMs === undefined ? {} : { maxDelayMs }),
  };
}
