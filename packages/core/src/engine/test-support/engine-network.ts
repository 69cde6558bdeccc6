import type { Entry } from '../../types/entry.js';
import type { HardState } from '../../types/hard-state.js';
import { encodeMembership } from '../../types/membership.js';
import type { Message } from '../../types/message.js';
import { createSeededRandom } from '../../util/seeded-random.js';
import type { EngineOptions } from '../engine-options.js';
import { RaftEngine } from '../raft-engine.js';
import type { ReadResult, Ready } from '../ready.js';

/** Engine options for tests: heartbeat every tick, election timeout of 10 to 19 ticks. */
export function engineOptions(id: string, overrides: Partial<EngineOptions> = {}): EngineOptions {
  return {
    id,
    heartbeatTicks: 1,
    electionTicks: 10,
    preVote: true,
    checkQuorum: true,
    leaseReads: false,
    maxEntriesPerAppend: 64,
    maxBytesPerAppend: 1 << 20,
    maxInflightAppends: 8,
    maxInflightBytes: 1 << 24,
    random: createSeededRandom(1),
    ...overrides,
  };
}

/** What one node persisted and applied, as a driver would have done it. */
interface NodeRecord {
  hardState: HardState;
  log: Entry[];
  applied: Entry[];
  readResults: ReadResult[];
  readies: Ready[];
}

/**
 * A synchronous, in-process cluster of engines for engine tests: it plays the driver for every
 * node (persist → send → apply → advance) and delivers messages in FIFO order, with per-link cuts.
 */
export class EngineNetwork {
  readonly engines = new Map<string, RaftEngine>();
  readonly records = new Map<string, NodeRecord>();
  private readonly queue: Message[] = [];
  private readonly cuts = new Set<string>();
  /** Every message delivered, for assertions on traffic. */
  readonly delivered: Message[] = [];
  private readonly random: () => number;

  constructor(
    readonly ids: readonly string[],
    private readonly overrides: Partial<EngineOptions> = {},
    seed = 1,
    learners: readonly string[] = [],
  ) {
    this.random = createSeededRandom(seed);
    const members = [
      ...ids.map((id) => ({ id, address: id, voter: true })),
      ...learners.map((id) => ({ id, address: id, voter: false })),
    ];
    const bootstrap: Entry = { index: 1, term: 1, type: 'config', data: encodeMembership({ members }) };
    for (const id of [...ids, ...learners]) {
      this.records.set(id, {
        hardState: { term: 1, votedFor: undefined, commitIndex: 0 },
        log: [bootstrap],
        applied: [],
        readResults: [],
        readies: [],
      });
      this.start(id);
    }
  }

  /** (Re)creates the engine of `id` from what it persisted. */
  start(id: string): RaftEngine {
    const record = this.records.get(id)!;
    const options = engineOptions(id, { random: this.random, ...this.overrides });
    record.applied = [];
    const engine = new RaftEngine(options, {
      hardState: record.hardState,
      entries: record.log,
      baseMembership: { members: [] },
      baseIndex: 0,
      baseTerm: 0,
      appliedIndex: 0,
    });
    this.engines.set(id, engine);
    return engine;
  }

  engine(id: string): RaftEngine {
    return this.engines.get(id)!;
  }

  /** Blocks messages from `from` to `to` (one way). */
  cut(from: string, to: string): void {
    this.cuts.add(`${from}->${to}`);
  }

  /** Cuts `id` off from everyone, both ways. */
  isolate(id: string): void {
    for (const other of this.engines.keys()) {
      if (other === id) continue;
      this.cut(id, other);
      this.cut(other, id);
    }
  }

  heal(): void {
    this.cuts.clear();
  }

  /** Processes Readys and delivers messages until nothing is left to do. */
  settle(maxRounds = 10_000): void {
    for (let round = 0; round < maxRounds; round++) {
      let busy = false;
      for (const [id, engine] of this.engines) {
        while (engine.hasReady()) {
          busy = true;
          this.carryOut(id, engine, engine.ready());
        }
      }
      const batch = this.queue.splice(0);
      for (const message of batch) {
        busy = true;
        if (this.cuts.has(`${message.from}->${message.to}`)) continue;
        const target = this.engines.get(message.to);
        if (target === undefined) continue;
        this.delivered.push(message);
        target.step(message);
      }
      if (!busy) return;
    }
    throw new Error('engine network did not settle');
  }

  private carryOut(id: string, engine: RaftEngine, ready: Ready): void {
    const record = this.records.get(id)!;
    record.readies.push(ready);
    const first = ready.entries[0];
    if (first !== undefined) {
      record.log = record.log.filter((entry) => entry.index < first.index).concat(ready.entries);
    }
    if (ready.hardState !== undefined) record.hardState = ready.hardState;
    this.queue.push(...ready.messages);
    record.applied.push(...ready.committedEntries);
    record.readResults.push(...ready.readResults);
    engine.advance(ready);
  }

  /** Ticks every node (or the listed ones) `count` times, settling after each tick. */
  tick(count = 1, ids: readonly string[] = [...this.engines.keys()]): void {
    for (let i = 0; i < count; i++) {
      for (const id of ids) this.engines.get(id)?.tick();
      this.settle();
    }
  }

  /** Makes `id` campaign and settles. */
  elect(id: string): void {
    this.engine(id).campaign();
    this.settle();
  }

  /** The ids of nodes that currently believe they lead. */
  leaders(): string[] {
    return [...this.engines].filter(([, engine]) => engine.status().role === 'leader').map(([id]) => id);
  }

  /** Proposes UTF-8 strings on `id` and settles. */
  propose(id: string, ...values: string[]): ReturnType<RaftEngine['propose']> {
    const outcome = this.engine(id).propose(values.map((value) => new TextEncoder().encode(value)));
    this.settle();
    return outcome;
  }

  /** The data of the normal entries `id` applied, as strings. */
  appliedValues(id: string): string[] {
    return this.records
      .get(id)!
      .applied.filter((entry) => entry.type === 'normal')
      .map((entry) => new TextDecoder().decode(entry.data));
  }
}
