import { describe, expect, it } from 'vitest';
import { capabilityProbes } from './capability-probes.js';

describe('capabilityProbes', () => {
  it('asks python3 and spark-submit directly on Linux and macOS', () => {
    for (const platform of ['linux', 'darwin'] as const) {
      const probes = capabilityProbes(platform);
      expect(probes.map((p) => p.command)).toEqual(['python3', 'java', 'node', 'docker', 'spark-submit']);
      expect(probes.every((p) => !p.shell)).toBe(true);
    }
  });

  it('asks python and spark-submit.cmd (through the shell) on Windows', () => {
    const probes = capabilityProbes('win32');
    expect(probes.map((p) => p.command)).toEqual(['python', 'java', 'node', 'docker', 'spark-submit.cmd']);
    expect(probes.filter((p) => p.shell).map((p) => p.command)).toEqual(['spark-submit.cmd']);
  });
});
