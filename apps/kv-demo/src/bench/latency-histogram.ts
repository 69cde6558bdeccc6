/**
 * Latency samples kept exactly, in milliseconds: every sample is stored, sorted on demand, and
 * percentiles are read by nearest rank. A 10 s window at 20k ops/s is 200k doubles (1.6 MB).
 *
 * The same idea as apps/bench's histogram, written again here because apps never import each other.
 */
export class LatencyHistogram {
  private samples = new Float64Array(1024);
  private length = 0;
  private sorted = true;

  /** Records one latency, in milliseconds. */
  record(latencyMs: number): void {
    if (this.length === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.length++] = latencyMs;
    this.sorted = false;
  }

  /** The number of samples recorded. */
  get count(): number {
    return this.length;
  }

  /** The latency at or below which `percent` % of the samples fall (nearest rank), in ms; NaN when empty. */
  percentile(percent: number): number {
    if (this.length === 0) return Number.NaN;
    const rank = Math.ceil((percent / 100) * this.length);
    return this.view()[Math.min(this.length, Math.max(1, rank)) - 1]!;
  }

  /** The largest sample, in ms; NaN when empty. */
  max(): number {
    return this.length === 0 ? Number.NaN : this.view()[this.length - 1]!;
  }

  private view(): Float64Array {
    const view = this.samples.subarray(0, this.length);
    if (!this.sorted) {
      view.sort();
      this.sorted = true;
    }
    return view;
  }
}
