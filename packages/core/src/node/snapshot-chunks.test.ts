import { describe, expect, it } from 'vitest';
import { rechunk } from './snapshot-chunks.js';

async function* stream(...pieces: number[][]): AsyncGenerator<Uint8Array> {
  for (const piece of pieces) yield new Uint8Array(piece);
}

async function collect(source: AsyncIterable<Uint8Array>, chunkBytes: number) {
  const chunks: { data: number[]; last: boolean }[] = [];
  for await (const chunk of rechunk(source, chunkBytes))
    chunks.push({ data: [...chunk.data], last: chunk.last });
  return chunks;
}

describe('rechunk', () => {
  it('cuts pieces of any size into fixed-size chunks and marks the last', async () => {
    expect(await collect(stream([1, 2, 3], [4], [5, 6, 7, 8, 9]), 4)).toEqual([
      { data: [1, 2, 3, 4], last: false },
      { data: [5, 6, 7, 8], last: false },
      { data: [9], last: true },
    ]);
  });

  it('marks a full chunk last when the payload ends on a boundary', async () => {
    expect(await collect(stream([1, 2], [3, 4]), 2)).toEqual([
      { data: [1, 2], last: false },
      { data: [3, 4], last: true },
    ]);
  });

  it('yields one empty last chunk for an empty payload', async () => {
    expect(await collect(stream(), 4)).toEqual([{ data: [], last: true }]);
    expect(await collect(stream([]), 4)).toEqual([{ data: [], last: true }]);
  });
});
