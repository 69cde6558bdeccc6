import { createServer, type Socket } from 'node:net';

/**
 * A TCP server on 127.0.0.1 that accepts connections and never answers: a stalled peer, for
 * `TransportConformanceFactory.createUnresponsivePeer` of a transport over TCP.
 */
export async function createUnresponsivePeer(): Promise<{ address: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    // Never read: the sender's writes pile up in its buffers, as with a stalled process.
    socket.pause();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    address: `127.0.0.1:${port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
