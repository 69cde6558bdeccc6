import type { HeartbeatRequest, Message } from '@raft/core';
import type { MemoryNetwork } from '../memory-network.js';
import type { MemoryTransport } from '../memory-transport.js';

/** A started test node: its transport and everything it received, in order. */
export interface RecordingNode {
  readonly transport: MemoryTransport;
  readonly received: Message[];
}

/** Creates and starts one recording node per id. */
export async function startNodes(
  network: MemoryNetwork,
  ids: readonly string[],
): Promise<Map<string, RecordingNode>> {
  const nodes = new Map<string, RecordingNode>();
  for (const id of ids) {
    const node: RecordingNode = { transport: network.createTransport(id), received: [] };
    await node.transport.start((message) => node.received.push(message));
    nodes.set(id, node);
  }
  return nodes;
}

/** A heartbeat whose `readRound` carries `sequence`, so tests can tell messages apart and check order. */
export function numbered(from: string, to: string, sequence: number): HeartbeatRequest {
  return { type: 'heartbeat', from, to, term: 1, commitIndex: 0, readRound: sequence };
}

/** The sequence numbers of messages made by {@link numbered}. */
export function sequences(messages: readonly Message[]): number[] {
  return messages.map((message) => (message.type === 'heartbeat' ? message.readRound : -1));
}

/** `count` numbered messages from → to, numbered from `first`. */
export function batch(from: string, to: string, count: number, first = 0): HeartbeatRequest[] {
  return Array.from({ length: count }, (_, index) => numbered(from, to, first + index));
}

/**
 * Resolves after every pending microtask, which is where zero-delay deliveries happen.
 * `setImmediate` runs after the microtask queue is empty; this is not a wall-clock wait.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
