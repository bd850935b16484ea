// Electron's runtime cannot run here (its binary cannot be downloaded on our build machines): the app
// is a stand-in that records setAsDefaultProtocolClient calls.
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { protocolClientPlan, registerProtocolClient } from './protocol-client.js';
import type { ProtocolClientInput } from './protocol-client.js';

const dev = (platform: NodeJS.Platform): ProtocolClientInput => ({
  platform,
  isPackaged: false,
  execPath: '/repo/node_modules/electron/dist/electron',
  argv: ['/repo/node_modules/electron/dist/electron', 'dist/main/index.js'],
});
const installed = (platform: NodeJS.Platform): ProtocolClientInput => ({
  platform,
  isPackaged: true,
  execPath: '/opt/Planasonix Agent/planasonix-agent',
  argv: ['/opt/Planasonix Agent/planasonix-agent'],
});

function registered(input: ProtocolClientInput) {
  const calls: unknown[][] = [];
  const log = registerProtocolClient(
    {
      setAsDefaultProtocolClient: (...args: unknown[]) => {
        calls.push(args);
        return true;
      },
    },
    protocolClientPlan(input),
  );
  return { calls, log };
}

describe('planasonix:// registration at run time', () => {
  it.each(['linux', 'darwin'] as const)('a development run on %s registers nothing', (platform) => {
    const { calls, log } = registered(dev(platform));
    expect(calls).toEqual([]);
    expect(log).toMatch(/not registered at run time: a development run/);
  });

  it('a development run on Windows registers Electron with the script, as Electron documents', () => {
    const input = dev('win32');
    expect(registered(input).calls).toEqual([
      ['planasonix', input.execPath, [resolve('dist/main/index.js')]],
    ]);
  });

  it('an installed copy on Windows leaves the scheme to the MSI (no per-user keys)', () => {
    const { calls, log } = registered(installed('win32'));
    expect(calls).toEqual([]);
    expect(log).toMatch(/the MSI registers/);
  });

  it.each(['linux', 'darwin'] as const)('an installed copy on %s makes itself the handler', (platform) => {
    expect(registered(installed(platform)).calls).toEqual([['planasonix']]);
  });
});
