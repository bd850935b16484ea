import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseHeadlessOptions } from './cli-options.js';

const unitUrl = new URL('../../resources/systemd/planasonix-agent-host.service', import.meta.url);

function unitValues(text: string): Map<string, string[]> {
  const values = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z]+)=(.*)$/.exec(line);
    if (match === null) continue;
    values.set(match[1]!, [...(values.get(match[1]!) ?? []), match[2]!]);
  }
  return values;
}

describe('systemd unit for the headless host', () => {
  const unit = unitValues(readFileSync(unitUrl, 'utf8'));

  it('starts the bundled host on plain Node, where build:host writes it', () => {
    expect(unit.get('ExecStart')).toEqual(['/usr/bin/node dist/host/main.js']);
    const buildScript = readFileSync(new URL('../../scripts/build-host.ts', import.meta.url), 'utf8');
    expect(buildScript).toContain("['src-main/headless/main.ts', 'main.js']");
    expect(buildScript).toContain("join(repoRoot, 'dist/host')");
  });

  it('sets environment the host accepts: a fixed loopback port and a private data folder', () => {
    const env: Record<string, string> = Object.fromEntries(
      (unit.get('Environment') ?? []).map((pair) => pair.split('=', 2) as [string, string]),
    );
    expect(parseHeadlessOptions([], env)).toMatchObject({
      dataDir: '/var/lib/planasonix-agent-host',
      uiPort: 7780,
    });
    expect(unit.get('StateDirectory')).toEqual(['planasonix-agent-host']);
    expect(unit.get('UMask')).toEqual(['0077']);
  });
});
