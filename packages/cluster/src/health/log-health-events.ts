import type { Logger } from '@raft/core';
import type { HealthMonitor } from './health-monitor.js';

/** Reports the monitor's events through `logger`: trouble as warnings, recoveries as info. */
export function logHealthEvents(monitor: HealthMonitor, logger: Logger): void {
  monitor.on('leader-lost', (event) => logger.warn('leader lost', { ...event }));
  monitor.on('leader-found', (event) => logger.info('leader found', { ...event }));
  monitor.on('peer-inactive', (event) => logger.warn('peer inactive', { ...event }));
  monitor.on('peer-active', (event) => logger.info('peer active again', { ...event }));
  monitor.on('peer-lagging', (event) => logger.warn('peer lagging', { ...event }));
  monitor.on('peer-caught-up', (event) => logger.info('peer caught up', { ...event }));
}
