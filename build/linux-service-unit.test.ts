// The .deb's systemd unit, install.sh and electron-builder.yml each name the same unit, folders and
// entry point; this keeps them in step with each other and with the agent CLI they start.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseCli } from '../src-agent/cli/parse-cli.js';

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const unitPath = 'resources/installers/linux/planasonix-agent.service';

function unitValues(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const match of text.matchAll(/^([A-Za-z]+)=(.*)$/gm)) {
    const [, key = '', value = ''] = match;
    values.set(key, [...(values.get(key) ?? []), value]);
  }
  return values;
}

const unit = unitValues(read(unitPath));
const environment = Object.fromEntries(
  (unit.get('Environment') ?? []).map((pair) => [
    pair.slice(0, pair.indexOf('=')),
    pair.slice(pair.indexOf('=') + 1),
  ]),
);

describe('headless systemd unit of the .deb', () => {
  it('is installed by electron-builder under the name install.sh enables', () => {
    const config = parse(read('electron-builder.yml')) as { deb: { fpm: string[] } };
    expect(config.deb.fpm).toContain(`${unitPath}=/lib/systemd/system/planasonix-agent.service`);
    expect(read('resources/installers/install.sh')).toContain('readonly unit=planasonix-agent.service');
  });

  it('runs the packaged agent bundle with Electron as Node', () => {
    expect(environment.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(unit.get('ExecStart')).toEqual([
      '"/opt/Planasonix Agent/planasonix-agent" "/opt/Planasonix Agent/resources/app.asar/dist/agent/main.js" run',
    ]);
  });

  it('reads its config where install.sh writes it and may delete the token there', () => {
    expect(environment.PLANASONIX_CONFIG_DIR).toBe('/etc/planasonix-agent');
    expect(read('resources/installers/install.sh')).toContain('default_config_dir=/etc/planasonix-agent');
    expect(unit.get('ReadWritePaths')).toEqual(['-/etc/planasonix-agent/enrollment']);
  });

  it('gives the agent CLI the state folder systemd creates for it', () => {
    const parsed = parseCli(['run'], { env: environment, platform: 'linux', homeDir: '/root' });
    expect(parsed).toMatchObject({ command: 'run', options: { dataDir: '/var/lib/planasonix-agent' } });
    expect(unit.get('StateDirectory')).toEqual(['planasonix-agent']);
    expect(unit.get('UMask')).toEqual(['0077']);
  });

  it('stays down after exit 10 (revoked, deregistered, refused token) instead of retrying', () => {
    expect(unit.get('Restart')).toEqual(['on-failure']);
    expect(unit.get('RestartPreventExitStatus')).toEqual(['10']);
  });
});
