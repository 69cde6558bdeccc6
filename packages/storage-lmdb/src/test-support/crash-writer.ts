// The writer process of crash-safety.test.ts: runs the seeded crash workload against a SQLite
// storage until it is killed. Run with `node --import tsx --conditions=@raft/source`.
import { runCrashWriter } from '../../../testkit/src/conformance/storage/crash-workload.js';
import { createLmdbStorage } from '../index.js';

await runCrashWriter(async (dataDir) => createLmdbStorage({ dataDir }));
