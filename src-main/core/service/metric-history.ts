import type { HealthSample } from '../../../src-shared/worker-link.js';

/** The recent health samples, oldest first, bounded by count (a day at the 20 s heartbeat). */
export class MetricHistory {
  private samples: HealthSample[] = [];

  constructor(private readonly capacity = 4320) {}

  add(sample: HealthSample): void {
    this.samples.push(sample);
    if (this.samples.length > this.capacity) this.samples.splice(0, this.samples.length - this.capacity);
  }

  since(at: number): HealthSample[] {
    return this.samples.filter((sample) => sample.at >= at);
  }

  latest(): HealthSample | null {
    return this.samples.at(-1) ?? null;
  }
}
