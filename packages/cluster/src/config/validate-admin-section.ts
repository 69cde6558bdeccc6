import type { AdminConfig } from './cluster-config.js';
import { checkInteger, checkSection, optional } from './config-checks.js';
import { parsePositiveDurationMs } from './duration.js';
import { parseHostPort } from './host-port.js';

/** Defaults of the `admin` section. */
export const ADMIN_DEFAULTS = { maxBodyBytes: 64 * 1024, membershipTimeoutMs: 30_000 } as const;

/** Checks `admin`: where the admin server listens (port 0: any free port), its body limit and timeout. */
export function validateAdminSection(value: unknown): AdminConfig {
  const section = checkSection('admin', value, ['listen', 'maxBodyBytes', 'membershipTimeout']);
  return {
    listen: parseHostPort('admin.listen', section.listen, true),
    maxBodyBytes:
      optional('admin.maxBodyBytes', section.maxBodyBytes, (key, raw) => checkInteger(key, raw, 1)) ??
      ADMIN_DEFAULTS.maxBodyBytes,
    membershipTimeoutMs:
      optional('admin.membershipTimeout', section.membershipTimeout, parsePositiveDurationMs) ??
      ADMIN_DEFAULTS.membershipTimeoutMs,
  };
}
