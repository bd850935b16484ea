import { describe, expect, it } from 'vitest';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('answers the first value the probe gives that is not null, undefined or false', async () => {
    const answers = [null, undefined, false, 0, 7];
    let probes = 0;
    const value = await waitUntil(() => answers[probes++], { message: 'a value', intervalMs: 1 });
    expect(value).toBe(0);
    expect(probes).toBe(4);
  });

  it('with `until`, answers the first value that meets it, awaiting an async probe', async () => {
    let count = 0;
    const value = await waitUntil(() => Promise.resolve((count += 1)), {
      until: (n) => n >= 3,
      message: 'three',
      intervalMs: 1,
    });
    expect(value).toBe(3);
  });

  it('fails once the time is up, with the message, the last value observed and the details', async () => {
    let probes = 0;
    const started = performance.now();
    const failure = await waitUntil(() => ({ status: 'running', probe: (probes += 1) }), {
      until: (job) => job.status === 'succeeded',
      message: 'the job succeeded',
      timeoutMs: 60,
      intervalMs: 5,
      details: () => 'stderr: nothing',
    }).catch((error: unknown) => error as Error);
    expect(performance.now() - started).toBeGreaterThanOrEqual(60);
    expect(probes).toBeGreaterThan(1);
    expect((failure as Error).message).toBe(
      `the job succeeded: not within 60 ms (last observed: { status: 'running', probe: ${probes} })\nstderr: nothing`,
    );
  });

  it('fails at once when the probe throws, without waiting out the time', async () => {
    const started = performance.now();
    await expect(
      waitUntil(
        () => {
          throw new Error('the process is gone');
        },
        { message: 'never', timeoutMs: 10_000 },
      ),
    ).rejects.toThrow('the process is gone');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
