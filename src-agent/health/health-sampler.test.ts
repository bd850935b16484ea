import type { CpuInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { HealthSample } from '../../src-shared/worker-link.js';
import { CpuMeter } from './cpu-meter.js';
import { HealthSampler, systemHealthSources } from './health-sampler.js';

function cpu(busy: number, idle: number): CpuInfo {
  return { model: 'x', speed: 1, times: { user: busy, nice: 0, sys: 0, irq: 0, idle } };
}

describe('CpuMeter', () => {
  it('reports the busy share of the time since the previous reading, across cores', () => {
    const readings = [
      [cpu(0, 0), cpu(0, 0)],
      [cpu(50, 50), cpu(100, 0)],
      [cpu(50, 150), cpu(100, 100)],
    ];
    const meter = new CpuMeter(() => readings.shift() ?? [cpu(50, 150), cpu(100, 100)]);
    expect(meter.percent()).toBe(75);
    expect(meter.percent()).toBe(0);
    expect(meter.percent()).toBeNull();
  });
});

describe('HealthSampler', () => {
  it('derives memory percent from available memory and disk in GB', async () => {
    const sampler = new HealthSampler(
      '/work',
      {
        cpuPercent: () => 12.5,
        memory: () => Promise.resolve({ total: 16 * 1024 ** 3, available: 4 * 1024 ** 3 }),
        diskFreeBytes: (path) => Promise.resolve(path === '/work' ? 412.5 * 1024 ** 3 : 0),
      },
      () => 7,
    );
    expect(await sampler.sample({ activeJobs: 2, queueDepth: 1 })).toEqual({
      at: 7,
      cpu_percent: 12.5,
      memory_percent: 75,
      disk_free_gb: 412.5,
      active_jobs: 2,
      queue_depth: 1,
    });
  });

  it('answers null for a metric it cannot read, not a failed sample', async () => {
    const sampler = new HealthSampler('/gone', {
      cpuPercent: () => null,
      memory: () => Promise.reject(new Error('no /proc')),
      diskFreeBytes: () => Promise.reject(new Error('ENOENT')),
    });
    expect(await sampler.sample({ activeJobs: 0, queueDepth: 0 })).toMatchObject({
      cpu_percent: null,
      memory_percent: null,
      disk_free_gb: null,
    });
    expect(sampler.lastProblem).toBe('memory_percent: Error: no /proc; disk_free_gb of /gone: Error: ENOENT');
  });

  it('samples this machine for real without stalling the event loop', async () => {
    const sampler = new HealthSampler(tmpdir(), await systemHealthSources());
    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    await new Promise((r) => setTimeout(r, 50));
    let last = await sampler.sample({ activeJobs: 0, queueDepth: 0 });
    for (let i = 0; i < 5; i++) last = await sampler.sample({ activeJobs: 0, queueDepth: 0 });
    delay.disable();
    expect(HealthSample.safeParse(last).success).toBe(true);
    expect(last.memory_percent).toBeGreaterThan(0);
    expect(last.disk_free_gb).toBeGreaterThan(0);
    expect(delay.max / 1e6).toBeLessThan(100);
  });
});
