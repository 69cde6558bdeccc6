import type { Entry } from '@raft/core';
import type { ClusterObservation, NodeObservation } from '../invariants/observation.js';

const encoder = new TextEncoder();

/** An entry with text data (data defaults to `index/term`, so equal positions hold equal bytes). */
export function entry(index: number, term: number, data = `${index}/${term}`): Entry {
  return { index, term, type: 'normal', data: encoder.encode(data) };
}

/** A log of entries with the given terms, starting at index 1. */
export function logOfTerms(...terms: number[]): Entry[] {
  return terms.map((term, position) => entry(position + 1, term));
}

/** A running follower observation with sensible defaults. */
export function nodeObservation(overrides: Partial<NodeObservation> & { id: string }): NodeObservation {
  return {
    running: true,
    incarnation: 0,
    role: 'follower',
    term: 1,
    leaderId: undefined,
    commitIndex: 0,
    log: [],
    logBaseIndex: 0,
    appliedIndex: 0,
    ...overrides,
  };
}

/** A cluster observation at `step`. */
export function clusterObservation(step: number, nodes: NodeObservation[]): ClusterObservation {
  return { step, timeMs: step * 10, nodes };
}
