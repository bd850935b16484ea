/** Half the CPUs, at least one: jobs are often CPU-bound, and the host stays usable beside them. */
export function defaultSlotCount(cpuCount: number): number {
  if (!Number.isFinite(cpuCount) || cpuCount < 1) return 1;
  return Math.max(1, Math.floor(cpuCount / 2));
}

/** How many jobs may run at once, and which hold a slot now. */
export class JobSlots {
  private readonly holders = new Set<string>();
  private capacityValue: number;

  constructor(capacity: number) {
    this.capacityValue = checkedCapacity(capacity);
  }

  get capacity(): number {
    return this.capacityValue;
  }

  get used(): number {
    return this.holders.size;
  }

  /** Never negative: after a lowered capacity, running jobs keep their slots and new ones wait. */
  get free(): number {
    return Math.max(0, this.capacityValue - this.holders.size);
  }

  /** Takes a slot for jobId; false when none is free. Holding one already is not taking another. */
  tryAcquire(jobId: string): boolean {
    if (this.holders.has(jobId)) return true;
    if (this.free === 0) return false;
    this.holders.add(jobId);
    return true;
  }

  /** False when jobId held no slot (a second release, say). */
  release(jobId: string): boolean {
    return this.holders.delete(jobId);
  }

  holds(jobId: string): boolean {
    return this.holders.has(jobId);
  }

  /** A new capacity from the settings; jobs already running keep their slots. */
  setCapacity(capacity: number): void {
    this.capacityValue = checkedCapacity(capacity);
  }
}

function checkedCapacity(capacity: number): number {
  if (!Number.isInteger(capacity) || capacity < 1 || capacity > 1024)
    throw new Error(`job slots must be a whole number from 1 to 1024, got ${capacity}`);
  return capacity;
}
