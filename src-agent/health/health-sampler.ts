import { statfs } from 'node:fs/promises';
import type { HealthSample } from '../../src-shared/worker-link.js';
import { CpuMeter } from './cpu-meter.js';

/** The slow-changing facts a sample needs, injectable so tests need no real machine. */
export interface HealthSources {
  cpuPercent(): number | null;
  /** Total and available bytes (available, not free: the page cache is reclaimable). */
  memory(): Promise<{ total: number; available: number }>;
  /** Bytes an unprivileged process may still write on the volume holding `path`. */
  diskFreeBytes(path: string): Promise<number>;
}

export async function systemHealthSources(): Promise<HealthSources> {
  // Loaded on first use: systeminformation is large, and a worker waiting to be enrolled needs none of it.
  const si = await import('systeminformation');
  const cpu = new CpuMeter();
  return {
    cpuPercent: () => cpu.percent(),
    memory: async () => {
      const m = await si.mem();
      return { total: m.total, available: m.available };
    },
    diskFreeBytes: async (path) => {
      const s = await statfs(path);
      return s.bavail * s.bsize;
    },
  };
}

export interface WorkLoad {
  activeJobs: number;
  queueDepth: number;
}

const round1 = (n: number): number => Math.round(n * 10) / 10;

/**
 * One health sample per call; a metric that cannot be read is null rather than a failed sample, and
 * why it could not be read is kept as `lastProblem` (what the heartbeat reports as `last_error`).
 */
export class HealthSampler {
  lastProblem: string | null = null;

  constructor(
    private readonly workDir: string,
    private readonly sources: HealthSources,
    private readonly now: () => number = Date.now,
  ) {}

  async sample(load: WorkLoad): Promise<HealthSample> {
    const [memory, disk] = await Promise.allSettled([
      this.sources.memory(),
      this.sources.diskFreeBytes(this.workDir),
    ]);
    const memoryPercent =
      memory.status === 'fulfilled' && memory.value.total > 0
        ? round1(((memory.value.total - memory.value.available) / memory.value.total) * 100)
        : null;
    const problems = [
      memory.status === 'rejected' ? `memory_percent: ${String(memory.reason)}` : null,
      disk.status === 'rejected' ? `disk_free_gb of ${this.workDir}: ${String(disk.reason)}` : null,
    ].filter((p): p is string => p !== null);
    this.lastProblem = problems.length > 0 ? problems.join('; ') : null;
    return {
      at: this.now(),
      cpu_percent: this.sources.cpuPercent(),
      memory_percent: memoryPercent,
      disk_free_gb: disk.status === 'fulfilled' ? round1(disk.value / 1024 ** 3) : null,
      active_jobs: load.activeJobs,
      queue_depth: load.queueDepth,
    };
  }
}
