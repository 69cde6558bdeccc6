import { FAULT_MIXES, type FaultMixName, isFaultMixName } from '../sim/fault-mix.js';

/** The command line of `pnpm sim`, parsed. */
export interface SimArguments {
  readonly seeds: number;
  readonly startSeed: number;
  /** The mixes to run; `mixed` rotates through every mix, one per seed. */
  readonly faults: readonly FaultMixName[];
  readonly nodes: number;
  readonly durationMs: number;
  /** Print one line per seed. */
  readonly verbose: boolean;
  /** Stop at the first failing seed. */
  readonly failFast: boolean;
}

/** Usage text for `--help` and argument errors. */
export const SIM_USAGE = `usage: pnpm sim [--seeds N] [--start-seed S] [--faults ${Object.keys(FAULT_MIXES).join('|')}|mixed]
                [--nodes N] [--duration MS] [--verbose] [--fail-fast]

Runs N deterministic whole-cluster simulations (seeds S..S+N-1), checking the Raft safety invariants
after every step, liveness after healing, and linearizability of the client history.`;

/** Parses `argv` (without the node and script paths); throws an Error with a readable message. */
export function parseSimArguments(argv: readonly string[]): SimArguments {
  const values = new Map<string, string>();
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i]!;
    if (argument === '--verbose' || argument === '--fail-fast' || argument === '--help') {
      flags.add(argument);
      continue;
    }
    const [name, inline] = argument.split('=', 2) as [string, string | undefined];
    if (!name.startsWith('--')) throw new Error(`unexpected argument ${JSON.stringify(argument)}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${name} needs a value`);
    values.set(name, value);
  }
  if (flags.has('--help')) throw new Error(SIM_USAGE);
  const known = ['--seeds', '--start-seed', '--faults', '--nodes', '--duration'];
  for (const name of values.keys()) {
    if (!known.includes(name)) throw new Error(`unknown option ${name}`);
  }
  const faults = values.get('--faults') ?? 'all';
  let mixes: FaultMixName[];
  if (faults === 'mixed') mixes = Object.keys(FAULT_MIXES) as FaultMixName[];
  else if (isFaultMixName(faults)) mixes = [faults];
  else
    throw new Error(`--faults must be one of ${Object.keys(FAULT_MIXES).join(', ')}, mixed; got ${faults}`);
  return {
    seeds: integer(values, '--seeds', 20, 1),
    startSeed: integer(values, '--start-seed', 1, 0),
    faults: mixes,
    nodes: integer(values, '--nodes', 3, 1),
    durationMs: integer(values, '--duration', 5000, 1),
    verbose: flags.has('--verbose'),
    failFast: flags.has('--fail-fast'),
  };
}

function integer(
  values: ReadonlyMap<string, string>,
  name: string,
  fallback: number,
  minimum: number,
): number {
  const raw = values.get(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new Error(`${name} must be an integer >= ${minimum}, got ${raw}`);
  }
  return value;
}
