import { existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startControlPlaneProcess, type ControlPlaneProcess } from '../../helpers/control-plane-process.js';

let plane: ControlPlaneProcess | undefined;

afterEach(async () => {
  await plane?.stop();
  plane = undefined;
});

describe('control plane process', () => {
  it('prints its listen line last, answers /healthz and exits 0 on SIGTERM', async () => {
    plane = await startControlPlaneProcess();
    expect(plane.stdout().trim().split('\n').at(-1)).toBe(`listening on ${plane.url}`);
    const response = await fetch(`${plane.url}/healthz`);
    const body = (await response.json()) as { status: string; time: string };
    expect(response.status).toBe(200);
    expect(body.status).toBe('ok');
    expect(Math.abs(Date.parse(body.time) - Date.now())).toBeLessThan(5_000);
    const dataDir = plane.dataDir;
    expect(await plane.stop()).toEqual({ code: 0, signal: null });
    expect(existsSync(dataDir)).toBe(false);
    plane = undefined;
  });

  it('exits 0 on SIGINT too', async () => {
    plane = await startControlPlaneProcess();
    plane.kill('SIGINT');
    expect(await plane.exited).toEqual({ code: 0, signal: null });
  });
});
