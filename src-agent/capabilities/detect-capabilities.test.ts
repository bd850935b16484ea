import { describe, expect, it } from 'vitest';
import { detectCapabilities, runProbe } from './detect-capabilities.js';

describe('detectCapabilities', () => {
  it('maps each probe output through its parser, skipping tools that are missing or fail', async () => {
    const outputs: Record<string, string | null> = {
      python3: 'Python 3.11.2',
      java: 'openjdk version "17.0.8" 2023-07-18',
      node: null,
      docker: 'Docker version 24.0.5, build ced0996',
    };
    const caps = await detectCapabilities({
      platform: 'linux',
      run: (probe) => {
        if (probe.command === 'spark-submit') return Promise.reject(new Error('boom'));
        return Promise.resolve(outputs[probe.command] ?? null);
      },
    });
    expect(caps).toEqual(['docker', 'java_17', 'python_3_11']);
  });

  it('finds the node that runs this test, for real', async () => {
    const caps = await detectCapabilities({ timeoutMs: 5_000 });
    expect(caps).toContain(`node_${process.versions.node.split('.')[0]}`);
  });

  it('gives up on a command that hangs, within its timeout', async () => {
    const started = Date.now();
    const out = await runProbe({ command: 'sleep', args: ['10'], shell: false, parse: () => null }, 200);
    expect(out).toBeNull();
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('answers null for a command that does not exist', async () => {
    const out = await runProbe(
      { command: 'no-such-tool-xyz', args: [], shell: false, parse: () => null },
      1_000,
    );
    expect(out).toBeNull();
  });
});
