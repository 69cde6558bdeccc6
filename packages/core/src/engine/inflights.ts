/**
 * The append messages in flight to one follower: a bounded window in messages and bytes, so a
 * leader pipelines appends without flooding a slow follower.
 */
export class Inflights {
  /** The last index of each in-flight message, oldest first. */
  private readonly lastIndexes: number[] = [];
  private readonly sizesBytes: number[] = [];
  private head = 0;
  private bytes = 0;

  constructor(
    private readonly maxMessages: number,
    private readonly maxBytes: number,
  ) {}

  count(): number {
    return this.lastIndexes.length - this.head;
  }

  isFull(): boolean {
    return this.count() >= this.maxMessages || this.bytes >= this.maxBytes;
  }

  add(lastIndex: number, sizeBytes: number): void {
    this.lastIndexes.push(lastIndex);
    this.sizesBytes.push(sizeBytes);
    this.bytes += sizeBytes;
  }

  /** Frees every message whose entries are all acknowledged (last index `<= index`). */
  freeThrough(index: number): void {
    while (this.head < this.lastIndexes.length && this.lastIndexes[this.head]! <= index) {
      this.bytes -= this.sizesBytes[this.head]!;
      this.head++;
    }
    // Compact the arrays once the consumed prefix dominates, keeping `add` amortized O(1).
    if (this.head > 64 && this.head * 2 > this.lastIndexes.length) {
      this.lastIndexes.splice(0, this.head);
      this.sizesBytes.splice(0, this.head);
      this.head = 0;
    }
  }

  /** Frees the oldest in-flight message (its acknowledgement is presumed lost). */
  freeFirst(): void {
    const first = this.lastIndexes[this.head];
    if (first !== undefined) this.freeThrough(first);
  }

  reset(): void {
    this.lastIndexes.length = 0;
    this.sizesBytes.length = 0;
    this.head = 0;
    this.bytes = 0;
  }
}
