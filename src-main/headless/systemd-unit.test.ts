import { existsSync, readFileSync } from 'node:fs';
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

  it('starts this entry point, which exists', () => {
    expect(unit.get('ExecStart')).toEqual(['/usr/bin/node --import tsx src-main/headless/main.ts']);
    expect(existsSync(new URL('./main.ts', import.meta.url))).toBe(true);
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
