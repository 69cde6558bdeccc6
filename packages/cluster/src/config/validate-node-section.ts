import type { HostPort } from './cluster-config.js';
import { checkSection, checkString, optional } from './config-checks.js';
import { parseHostPort } from './host-port.js';

/** The validated `node` section. */
export interface NodeSection {
  readonly id: string;
  /** As written: what peers dial and what goes into the membership. */
  readonly raftAddress: string;
  readonly raftHostPort: HostPort;
  readonly dataDir: string | undefined;
}

/** Checks `node`: `id`, `raftAddress` (`host:port`, a real port) and the optional `dataDir`. */
export function validateNodeSection(value: unknown): NodeSection {
  const section = checkSection('node', value, ['id', 'raftAddress', 'dataDir']);
  const id = checkString('node.id', section.id);
  const raftAddress = checkString('node.raftAddress', section.raftAddress);
  const raftHostPort = parseHostPort('node.raftAddress', raftAddress);
  const dataDir = optional('node.dataDir', section.dataDir, checkString);
  return { id, raftAddress, raftHostPort, dataDir };
}
