// The writer process of crash-safety.test.ts with `writeOnWorkerThread`: the seeded crash workload
// against a SQLite storage whose writes run on the write thread, until it is killed. It waits for
// the thread to be up before reporting ready, so the kill lands among writes, not during start-up.
import { runCrashWriter } from '../../../testkit/src/conformance/storage/crash-workload.js';
import { createSqliteStorage } from '../index.js';
import type { SqliteConnection } from '../sqlite-connection.js';

await runCrashWriter(async (dataDir) => {
  const storage = createSqliteStorage({ dataDir, writeOnWorkerThread: true });
  await (storage.logStore as unknown as { connection: SqliteConnection }).connection.writer!.ready;
  return storage;
});
