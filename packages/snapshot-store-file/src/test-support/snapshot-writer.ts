// The writer process of crash-safety.test.ts: commits snapshots of varied sizes into a file
// snapshot store, reporting each committed one, until it is killed.
// Run with `node --import tsx --conditions=@raft/source`.
import { createFileSnapshotStore } from '../index.js';
import { snapshotPayload } from './snapshot-payload.js';

const [directory] = process.argv.slice(2);
if (directory === undefined || process.send === undefined)
  throw new Error('usage: snapshot-writer <directory> (forked)');
const send = (message: unknown) =>
  new Promise<void>((resolve, reject) =>
    process.send!(message, undefined, {}, (error) => (error ? reject(error) : resolve())),
  );
const store = await createFileSnapshotStore({ directory, retain: 2, readChunkBytes: 16 * 1024 });
await send({ type: 'ready' });
// Go on from the newest snapshot, as a node would: each commit is then the newest one.
for (let index = ((await store.list())[0]?.lastIncludedIndex ?? 0) + 1; ; index++) {
  const sink = await store.create({
    lastIncludedIndex: index,
    lastIncludedTerm: 1,
    membership: { members: [] },
  });
  const bytes = snapshotPayload(index);
  for (let offset = 0; offset < bytes.byteLength; offset += 32 * 1024)
    await sink.write(bytes.subarray(offset, offset + 32 * 1024));
  const metadata = await sink.commit();
  await send({ type: 'committed', id: metadata.id, index });
}
