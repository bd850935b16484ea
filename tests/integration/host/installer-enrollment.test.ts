import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { HostSnapshot } from '../../../src-shared/host-api/snapshot.js';
import {
  startControlPlaneForAgents,
  type ControlPlaneForAgents,
} from '../../helpers/control-plane-for-agents.js';
import { hostApiClient, openHostSocket } from '../../helpers/host-api-socket.js';
import { startHeadlessHostProcess, type HeadlessHostProcess } from '../../helpers/headless-host-process.js';
import { waitUntil } from '../../helpers/wait-until.js';

/**
 * What an IT admin's silent install leads to: the installer left `planasonix-agent.json` and the
 * one-time token in the machine config folder (PLANASONIX_CONFIG_DIR stands in for ProgramData or
 * /etc here), and the host, started with nobody at the keyboard, enrolls with them and deletes the
 * token. Real control plane, real headless host, real agent worker.
 */
let cp: ControlPlaneForAgents | undefined;
let host: HeadlessHostProcess | undefined;
let configDir = '';

afterAll(async () => {
  await host?.stop();
  await cp?.cp.stop();
  if (configDir !== '') await rm(configDir, { recursive: true, force: true });
});

describe('enrollment from a silent install', () => {
  it('enrolls at first start with the installer token, connects, and leaves no token behind', async () => {
    cp = await startControlPlaneForAgents({ heartbeatSeconds: 1 });
    const { id, token } = await cp.register('fleet-machine-042');
    configDir = await mkdtemp(join(tmpdir(), 'plnx-machine-config-'));
    await mkdir(join(configDir, 'enrollment'), { mode: 0o700 });
    await writeFile(
      join(configDir, 'planasonix-agent.json'),
      `${JSON.stringify({ api_host: cp.cp.url, agent_id: id })}\n`,
    );
    await writeFile(join(configDir, 'enrollment', 'token'), `${token}\n`, { mode: 0o600 });

    host = await startHeadlessHostProcess({ env: { PLANASONIX_CONFIG_DIR: configDir } });
    const opened = await openHostSocket(`ws://127.0.0.1:${host.port}/api?token=${host.token}`);
    if (!('socket' in opened)) throw new Error(`host refused the socket: ${opened.refusedWith}`);
    const client = hostApiClient(opened.socket);
    try {
      const snapshot = await waitUntil(
        async () => {
          const s: HostSnapshot = await client.snapshot();
          return s.worker?.phase === 'connected' ? s : null;
        },
        { message: 'the host enrolled from the installer files and connected', timeoutMs: 30_000 },
      );
      expect(snapshot.enrollment).toMatchObject({ state: 'enrolled', agentId: id });
      expect(existsSync(join(configDir, 'enrollment', 'token'))).toBe(false);
      // The config stays: it says where this machine belongs, and holds no secret.
      expect(await readFile(join(configDir, 'planasonix-agent.json'), 'utf8')).toContain(id);
      const hostLog = (await client.logs({ source: 'host', limit: 200 })).lines.map((l) => l.msg).join('\n');
      expect(hostLog).toMatch(/using the token the installer left/);
      expect(hostLog).not.toContain(token);
      expect(host.stderr.join('\n')).not.toContain(token);
    } finally {
      opened.socket.close();
    }
  });
});
