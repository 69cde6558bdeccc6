// Benchmark (not a test): both transport tables in one run. `pnpm bench:transport`
// Flags are those of commit-throughput.ts (--kinds, --rounds, --concurrency, --duration-ms, --warmup-ms, --payload-bytes).
import { cpus } from 'node:os';
import { parseCommitOptions, runCommitTable } from './commit-throughput.js';
import { runPairTable } from './transport-throughput.js';

const commitOptions = parseCommitOptions(process.argv.slice(2));
console.log(`node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown cpu'}\n`);
console.log(await runPairTable(commitOptions.rounds));
console.log();
console.log(await runCommitTable(commitOptions));
