import { cpus, type CpuInfo } from 'node:os';

interface CpuTimes {
  busy: number;
  total: number;
}

function sum(list: CpuInfo[]): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of list) {
    const all = times.user + times.nice + times.sys + times.irq + times.idle;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/**
 * CPU use of the whole machine since the previous reading, from the kernel's cumulative counters.
 * systeminformation's `currentLoad()` computes the same thing but on Linux runs `execSync('cat
 * /proc/stat')` on every call, which blocks the event loop; `os.cpus()` reads the same counters
 * without a child process.
 */
export class CpuMeter {
  private last: CpuTimes;

  constructor(private readonly read: () => CpuInfo[] = cpus) {
    this.last = sum(this.read());
  }

  /** Percent busy since the last call (or since construction); null if no time has passed. */
  percent(): number | null {
    const now = sum(this.read());
    const total = now.total - this.last.total;
    const busy = now.busy - this.last.busy;
    this.last = now;
    if (total <= 0) return null;
    return Math.round(Math.min(100, Math.max(0, (busy / total) * 100)) * 10) / 10;
  }
}
