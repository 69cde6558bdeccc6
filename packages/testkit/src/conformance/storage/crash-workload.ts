import { createSeededRandom, type Entry, type HardState, type LogStore, type StableStore } from '@raft/core';
import { payloadFor } from './fixtures.js';

/**
 * The crash-safety workload: a seeded script of log appends (some truncating a suffix), hard-state
 * saves and compactions, and a model of what the stores must hold after each step. A writer
 * process runs the script against a real store and reports each step it saw acknowledged; the test
 * kills it at a random moment, reopens the store and checks it holds exactly the model after the
 * last acknowledged step or after the one in flight (atomicity), with every byte intact.
 *
 * No vitest here: the writer process imports this module too.
 */
export type CrashStep =
  | {
      readonly kind: 'append';
      readonly firstIndex: number;
      readonly term: number;
      readonly sizes: readonly number[];
    }
  | { readonly kind: 'compact'; readonly throughIndex: number }
  | { readonly kind: 'save'; readonly state: HardState };

/** What the stores hold in the model: the log (index → term and payload size) and the hard state. */
export interface CrashModel {
  /** The index of `log[0]`; 0 when the log is empty. */
  readonly firstIndex: number;
  readonly log: readonly { readonly term: number; readonly sizeBytes: number }[];
  readonly hardState: HardState | undefined;
}

/** The model of fresh stores. */
export const EMPTY_CRASH_MODEL: CrashModel = { firstIndex: 0, log: [], hardState: undefined };

/** The model after `step`. */
export function applyCrashStep(model: CrashModel, step: CrashStep): CrashModel {
  switch (step.kind) {
    case 'append': {
      const added = step.sizes.map((sizeBytes) => ({ term: step.term, sizeBytes }));
      if (model.log.length === 0 || step.firstIndex < model.firstIndex) {
        return { ...model, firstIndex: step.firstIndex, log: added };
      }
      return { ...model, log: [...model.log.slice(0, step.firstIndex - model.firstIndex), ...added] };
    }
    case 'compact': {
      const last = model.firstIndex + model.log.length - 1;
      if (model.log.length === 0 || step.throughIndex < model.firstIndex) return model;
      if (step.throughIndex >= last) return { ...model, firstIndex: 0, log: [] };
      return {
        ...model,
        firstIndex: step.throughIndex + 1,
        log: model.log.slice(step.throughIndex + 1 - model.firstIndex),
      };
    }
    case 'save':
      return { ...model, hardState: step.state };
  }
}

/** The entries an append step writes. */
export function entriesOf(step: Extract<CrashStep, { kind: 'append' }>): Entry[] {
  return step.sizes.map((sizeBytes, offset) => ({
    index: step.firstIndex + offset,
    term: step.term,
    type: 'normal',
    data: payloadFor(step.firstIndex + offset, step.term, sizeBytes),
  }));
}

/** The seeded script of `count` steps; the same seed always gives the same script. */
export function crashScript(seed: number, count: number): CrashStep[] {
  const random = createSeededRandom(seed);
  const steps: CrashStep[] = [];
  let model = EMPTY_CRASH_MODEL;
  let term = 1;
  /** The highest index ever appended: after compacting everything, the log goes on from there. */
  let highestIndex = 0;
  const pick = (low: number, high: number) => low + Math.floor(random() * (high - low + 1));
  for (let position = 0; position < count; position++) {
    const last = model.log.length === 0 ? 0 : model.firstIndex + model.log.length - 1;
    const roll = random();
    let step: CrashStep;
    if (roll < 0.1) {
      term += pick(0, 1);
      step = {
        kind: 'save',
        state: { term, votedFor: random() < 0.5 ? `node-${pick(1, 5)}` : undefined, commitIndex: last },
      };
    } else if (roll < 0.2 && model.log.length > 10) {
      // Compact most of the log (sometimes all of it).
      step = { kind: 'compact', throughIndex: random() < 0.1 ? last : last - pick(1, 10) };
    } else {
      // Mostly plain appends; sometimes a conflicting suffix from a new term (truncation).
      const truncate = roll < 0.35 && model.log.length > 5;
      if (truncate) term++;
      const firstIndex =
        last === 0
          ? highestIndex + 1
          : truncate
            ? last - pick(0, Math.min(20, model.log.length - 1))
            : last + 1;
      const count = random() < 0.3 ? pick(50, 300) : pick(1, 20);
      step = {
        kind: 'append',
        firstIndex,
        term,
        sizes: Array.from({ length: count }, () => (random() < 0.05 ? pick(4096, 65536) : pick(0, 512))),
      };
    }
    steps.push(step);
    model = applyCrashStep(model, step);
    if (model.log.length > 0) highestIndex = model.firstIndex + model.log.length - 1;
  }
  return steps;
}

/** The models after 0, 1, …, `steps.length` steps. */
export function crashModels(steps: readonly CrashStep[]): CrashModel[] {
  const models = [EMPTY_CRASH_MODEL];
  for (const step of steps) models.push(applyCrashStep(models.at(-1)!, step));
  return models;
}

/** Runs one step against the stores. */
export async function runCrashStep(
  step: CrashStep,
  logStore: LogStore,
  stableStore: StableStore,
): Promise<void> {
  switch (step.kind) {
    case 'append':
      return logStore.append(entriesOf(step));
    case 'compact':
      return logStore.compact(step.throughIndex);
    case 'save':
      return stableStore.save(step.state);
  }
}

/**
 * Compares what reopened stores hold with `model`; returns `undefined` when they match exactly
 * (bounds, every entry's term and bytes, hard state), else a description of the first difference.
 */
export async function diffAgainstModel(
  model: CrashModel,
  logStore: LogStore,
  stableStore: StableStore,
): Promise<string | undefined> {
  const first = await logStore.firstIndex();
  const last = await logStore.lastIndex();
  const modelLast = model.log.length === 0 ? 0 : model.firstIndex + model.log.length - 1;
  if (first !== model.firstIndex || last !== modelLast) {
    return `bounds ${first}..${last}, model ${model.firstIndex}..${modelLast}`;
  }
  if (model.log.length > 0) {
    const entries = await logStore.entries(first, last + 1);
    for (let offset = 0; offset < model.log.length; offset++) {
      const expected = model.log[offset]!;
      const entry = entries[offset];
      const index = first + offset;
      if (entry === undefined || entry.index !== index || entry.term !== expected.term) {
        return `entry ${index}: got ${entry === undefined ? 'nothing' : `index ${entry.index} term ${entry.term}`}, model term ${expected.term}`;
      }
      const bytes = payloadFor(index, expected.term, expected.sizeBytes);
      if (Buffer.compare(Buffer.from(entry.data), Buffer.from(bytes)) !== 0)
        return `entry ${index}: payload differs (torn?)`;
    }
  }
  const hardState = await stableStore.load();
  const expected = model.hardState;
  if (
    hardState?.term !== expected?.term ||
    hardState?.votedFor !== expected?.votedFor ||
    hardState?.commitIndex !== expected?.commitIndex
  ) {
    return `hard state ${JSON.stringify(hardState)}, model ${JSON.stringify(expected)}`;
  }
  return undefined;
}

/** A message from the writer process. */
export type CrashWriterMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'acknowledged'; readonly steps: number }
  | { readonly type: 'done' };

/**
 * The body of a writer process: `node --import tsx writer.ts <dataDir> <seed> <steps>`. Opens the
 * stores with `open`, runs the script and, after each step resolves, reports it to the parent and
 * waits until the report is handed to the OS before starting the next step, so the parent never
 * knows less than one step behind.
 */
export async function runCrashWriter(
  open: (dataDir: string) => Promise<{ logStore: LogStore; stableStore: StableStore }>,
): Promise<void> {
  const [dataDir, seedText, stepsText] = process.argv.slice(2);
  if (dataDir === undefined || process.send === undefined)
    throw new Error('usage: writer <dataDir> <seed> <steps> (forked)');
  const send = (message: CrashWriterMessage) =>
    new Promise<void>((resolve, reject) =>
      process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
    );
  const { logStore, stableStore } = await open(dataDir);
  const script = crashScript(Number(seedText), Number(stepsText));
  await send({ type: 'ready' });
  for (let position = 0; position < script.length; position++) {
    await runCrashStep(script[position]!, logStore, stableStore);
    await send({ type: 'acknowledged', steps: position + 1 });
  }
  await send({ type: 'done' });
  process.exit(0);
}
