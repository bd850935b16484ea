// pwsh cannot be installed on our Linux build machines, so install.ps1 keeps what it hands msiexec
// as a JSON plan that this test reads and checks directly. Where pwsh exists (the CI matrix's
// GitHub runners), the script's own Get-MsiexecArguments runs against that plan as well.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const scriptPath = fileURLToPath(new URL('../../../resources/installers/install.ps1', import.meta.url));
const script = readFileSync(scriptPath, 'utf8');

interface MsiexecPlan {
  switches: string[];
  properties: { name: string; from: string; pattern: string }[];
}

function readPlan(): MsiexecPlan {
  const block = /# <msiexec-plan>[\s\S]*?@'\r?\n([\s\S]*?)\r?\n'@[\s\S]*?# <\/msiexec-plan>/.exec(script);
  if (!block?.[1]) throw new Error('install.ps1 has no <msiexec-plan> block');
  return JSON.parse(block[1]) as MsiexecPlan;
}

const plan = readPlan();
const pattern = (from: string) => new RegExp(plan.properties.find((p) => p.from === from)?.pattern ?? '^$');

describe('install.ps1 msiexec plan', () => {
  it('installs silently, without reboot, with a verbose log', () => {
    expect(plan.switches.slice(0, 2)).toEqual(['/i', '{msi}']);
    expect(plan.switches).toEqual(expect.arrayContaining(['/qn', '/norestart', '/l*v', '{log}']));
  });

  it('passes API host, agent id and config folder as MSI properties, and never the token', () => {
    expect(plan.properties.map((p) => [p.name, p.from])).toEqual([
      ['PLANASONIX_API_HOST', 'api_host'],
      ['PLANASONIX_AGENT_ID', 'agent_id'],
      ['PLANASONIX_CONFIG_DIR', 'config_dir'],
    ]);
    expect(JSON.stringify(plan)).not.toMatch(/token/i);
  });

  it('accepts real values', () => {
    expect(pattern('api_host').test('https://api.planasonix.com')).toBe(true);
    expect(pattern('api_host').test('http://cp.internal:8080/planasonix')).toBe(true);
    expect(pattern('agent_id').test('agt_01jq8new01abcdefghjkmnpqrs')).toBe(true);
    expect(pattern('config_dir').test('C:\\ProgramData\\Planasonix Agent')).toBe(true);
  });

  it('rejects any value that could break out of its quotes or smuggle another property', () => {
    const attacks = [
      'https://a.example" PLANASONIX_ENROLLMENT_TOKEN="x',
      'https://a.example /qb',
      'https://a.example\nX=1',
      'https://a.example;calc',
      'file:///C:/Windows',
    ];
    for (const value of attacks) expect(pattern('api_host').test(value)).toBe(false);
    for (const value of ['agt_X', 'agt_1 /x', 'agt_1"', 'key_01'])
      expect(pattern('agent_id').test(value)).toBe(false);
    for (const value of ['relative\\dir', 'C:\\a"b', '\\\\server\\share']) {
      expect(pattern('config_dir').test(value)).toBe(false);
    }
  });

  it('writes planasonix-agent.json as UTF-8 without a BOM, which the agent can parse', () => {
    const line = script
      .split('\n')
      .find((l) => l.includes("'planasonix-agent.json'") && /Write|Set-Content/.test(l));
    expect(line).toContain('New-Object System.Text.UTF8Encoding $false');
  });

  it('never prints the token or hands it to a process', () => {
    const risky =
      /Start-Process|-ArgumentList|Write-(Output|Host|Verbose|Information)|\bthrow\b|\$values\s*=/;
    const leaks = script.split('\n').filter((line) => risky.test(line) && /\$(script:)?Token\b/.test(line));
    expect(leaks).toEqual([]);
    expect(script).toContain('Remove-Item Env:PLANASONIX_ENROLLMENT_TOKEN');
  });
});

const pwsh = spawnSync('pwsh', ['-NoProfile', '-Command', '$PSVersionTable.PSVersion.Major'], {
  encoding: 'utf8',
});
const hasPwsh = pwsh.status === 0;

describe.skipIf(!hasPwsh)('install.ps1 under pwsh', () => {
  it('builds msiexec arguments from the plan', () => {
    const command = [
      `. '${scriptPath.replaceAll("'", "''")}'`,
      `$v = @{ msi = 'C:\\R\\planasonix-agent-1.4.0-win-x64.msi'; log = 'C:\\T\\i.log'; api_host = 'https://api.planasonix.com'; agent_id = 'agt_01jq8new01abcdefghjkmnpqrs'; config_dir = 'C:\\ProgramData\\Planasonix Agent' }`,
      'ConvertTo-Json -Compress -InputObject @(Get-MsiexecArguments -Plan $MsiexecPlan -Values $v)',
    ].join('; ');
    const output = execFileSync('pwsh', ['-NoProfile', '-NonInteractive', '-Command', command], {
      encoding: 'utf8',
    });
    expect(JSON.parse(output)).toEqual([
      '/i',
      '"C:\\R\\planasonix-agent-1.4.0-win-x64.msi"',
      '/qn',
      '/norestart',
      '/l*v',
      '"C:\\T\\i.log"',
      'PLANASONIX_API_HOST="https://api.planasonix.com"',
      'PLANASONIX_AGENT_ID="agt_01jq8new01abcdefghjkmnpqrs"',
      'PLANASONIX_CONFIG_DIR="C:\\ProgramData\\Planasonix Agent"',
    ]);
  });
});
