import { createServer, type Server } from 'node:net';

/**
 * Ports that `pnpm start` may hold (its Raft, client API and admin ranges): never handed out, so the
 * benchmark runs beside a user's cluster.
 */
const RESERVED = { from: 7001, to: 9003 } as const;

/**
 * Finds `count` distinct free TCP ports on 127.0.0.1, outside {@link RESERVED}. Each port is held
 * open until all are found (so none is returned twice), then released; a process that starts
 * right after may still race another for one, which is acceptable for a benchmark.
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const held: Server[] = [];
  const ports: number[] = [];
  try {
    while (ports.length < count) {
      const server = createServer();
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => resolve());
      });
      held.push(server);
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      if (port > 0 && (port < RESERVED.from || port > RESERVED.to)) ports.push(port);
    }
  } finally {
    await Promise.all(held.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  }
  return ports;
}
