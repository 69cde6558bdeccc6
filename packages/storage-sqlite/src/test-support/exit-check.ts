// Child process of write-thread.test.ts: opens a storage with `writeOnWorkerThread`, writes, and
// closes it (or, with `no-close`, just stops using it). It must then exit on its own: nothing
// (the write thread included) may keep the event loop alive. Prints what it saw.
import { createSqliteStorage } from '../index.js';

const [dataDir, mode] = process.argv.slice(2);
const storage = createSqliteStorage({ dataDir: dataDir!, writeOnWorkerThread: true });
await storage.logStore.append([{ index: 1, term: 1, type: 'normal', data: new Uint8Array([7]) }]);
await storage.stableStore.save({ term: 1, votedFor: 'a', commitIndex: 1 });
console.log(`last ${await storage.logStore.lastIndex()}`);
if (mode !== 'no-close') {
  await storage.close();
  console.log('closed');
}
