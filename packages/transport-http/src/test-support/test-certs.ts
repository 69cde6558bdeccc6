import { readFileSync } from 'node:fs';

const read = (name: string): string => readFileSync(new URL(`./certs/${name}`, import.meta.url), 'utf8');

/** The test cluster's CA and node certificate (see certs/README.md). */
export const clusterCerts = {
  ca: read('cluster-ca.pem'),
  cert: read('cluster-node.pem'),
  key: read('cluster-node.key'),
};

/** A certificate from an unrelated CA, for bad-credential cases. */
export const rogueCerts = {
  ca: read('rogue-ca.pem'),
  cert: read('rogue-node.pem'),
  key: read('rogue-node.key'),
};
