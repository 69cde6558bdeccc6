import { readFileSync } from 'node:fs';

// The PEM files live in the package's certs/ directory (shipped with it), three levels above both
// src/conformance/transport/ and dist/conformance/transport/.
const read = (name: string): string =>
  readFileSync(new URL(`../../../certs/${name}`, import.meta.url), 'utf8');

/** PEM strings of a CA and a certificate with its key. */
export interface TestCertificates {
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
}

/**
 * Test-only TLS material, never for production: the test cluster's CA and the node certificate that
 * every test node presents (SAN 127.0.0.1 and localhost, server and client auth).
 */
export const testClusterCerts: TestCertificates = {
  ca: read('cluster-ca.pem'),
  cert: read('cluster-node.pem'),
  key: read('cluster-node.key'),
};

/** Test-only TLS material from an unrelated CA, for bad-credential cases. */
export const testRogueCerts: TestCertificates = {
  ca: read('rogue-ca.pem'),
  cert: read('rogue-node.pem'),
  key: read('rogue-node.key'),
};

/**
 * How the nodes of a network transport test authenticate each other:
 * - `plain + secret`: no TLS, a cluster secret;
 * - `TLS + secret`: TLS (server certificates verified against the test CA) and a cluster secret;
 * - `mutual TLS`: client certificates required, no cluster secret;
 * - `mutual TLS + secret`: both.
 */
export type TestSecurityMode = 'plain + secret' | 'TLS + secret' | 'mutual TLS' | 'mutual TLS + secret';

/** TLS options in the shape the first-party network transports take them. */
export interface TestTlsOptions extends TestCertificates {
  readonly requireClientCertificate: boolean;
}

/** A node's credentials in a {@link TestSecurityMode}: spread them into the transport's options. */
export interface TestCredentials {
  readonly clusterSecret?: string;
  readonly tls?: TestTlsOptions;
}

/**
 * The credentials of a test node in `mode`, with `clusterSecret` as the cluster's secret. An
 * `invalid` node (for `CreateNodeOptions.invalidCredentials`) is refused by the others: it has
 * another secret, and under mutual TLS presents a certificate from another CA (it still trusts the
 * cluster's CA, so it gets to talk).
 */
export function testCredentials(
  mode: TestSecurityMode,
  clusterSecret: string,
  invalid = false,
): TestCredentials {
  const secret = invalid ? 'not-the-cluster-secret-987654' : clusterSecret;
  if (mode === 'plain + secret') return { clusterSecret: secret };
  const mutual = mode !== 'TLS + secret';
  const own = mutual && invalid ? testRogueCerts : testClusterCerts;
  const tls = { ca: testClusterCerts.ca, cert: own.cert, key: own.key, requireClientCertificate: mutual };
  return mode === 'mutual TLS' ? { tls } : { clusterSecret: secret, tls };
}

/** The port a test node listens on, on 127.0.0.1: that of `address` (a restart), or 0 (any free port). */
export function loopbackPort(address: string | undefined): number {
  return address === undefined ? 0 : Number(address.slice(address.lastIndexOf(':') + 1));
}
