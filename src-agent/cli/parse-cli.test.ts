import { describe, expect, it } from 'vitest';
import { parseCli } from './parse-cli.js';

const ctx = { env: {}, platform: 'linux', homeDir: '/home/ada' };
const TOKEN = 'plnx_enroll_abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

describe('parseCli', () => {
  it('reads run flags', () => {
    const parsed = parseCli(
      [
        'run',
        '--api-host',
        'https://cp.example',
        '--token',
        TOKEN,
        '--data-dir',
        '/d',
        '--label',
        'etl-1',
        '--tags',
        'a, b,,c',
      ],
      ctx,
    );
    expect(parsed).toEqual({
      command: 'run',
      options: {
        apiHost: 'https://cp.example',
        token: TOKEN,
        dataDir: '/d',
        label: 'etl-1',
        tags: ['a', 'b', 'c'],
        agentId: null,
        proxyUrl: null,
        caFile: null,
        logLevel: 'info',
        configDir: null,
        tokenFile: null,
        jobSlots: null,
      },
    });
  });

  it('takes --job-slots (or PLANASONIX_JOB_SLOTS) from 1 to 256 and refuses anything else by name', () => {
    expect(parseCli(['run', '--job-slots', '3'], ctx)).toMatchObject({ options: { jobSlots: 3 } });
    expect(parseCli(['run'], { ...ctx, env: { PLANASONIX_JOB_SLOTS: '2' } })).toMatchObject({
      options: { jobSlots: 2 },
    });
    for (const bad of ['0', '257', '1.5', 'many'])
      expect(parseCli(['run', '--job-slots', bad], ctx)).toEqual({
        command: 'error',
        message: `--job-slots / PLANASONIX_JOB_SLOTS must be a whole number from 1 to 256, got "${bad}"`,
      });
  });

  it('takes the environment equivalents, and lets flags win', () => {
    const env = {
      PLANASONIX_API_HOST: 'https://env.example',
      PLANASONIX_ENROLLMENT_TOKEN: TOKEN,
      PLANASONIX_AGENT_ID: 'agt_01jq8p0000000000000000000a',
      PLANASONIX_DATA_DIR: '/var/lib/agent',
      PLANASONIX_PROXY_URL: 'http://proxy:3128',
      PLANASONIX_CA_FILE: '/etc/ca.pem',
      PLANASONIX_CONFIG_DIR: '/etc/planasonix-agent',
      PLANASONIX_ENROLLMENT_TOKEN_FILE: '/run/token',
    };
    const fromEnv = parseCli(['run'], { ...ctx, env });
    expect(fromEnv).toMatchObject({
      command: 'run',
      options: {
        apiHost: 'https://env.example',
        token: TOKEN,
        agentId: env.PLANASONIX_AGENT_ID,
        dataDir: '/var/lib/agent',
        proxyUrl: 'http://proxy:3128',
        caFile: '/etc/ca.pem',
        configDir: '/etc/planasonix-agent',
        tokenFile: '/run/token',
      },
    });
    expect(parseCli(['run', '--api-host', 'https://flag.example'], { ...ctx, env })).toMatchObject({
      options: { apiHost: 'https://flag.example' },
    });
  });

  it('takes PLANASONIX_STATE_DIR (the systemd unit’s) when PLANASONIX_DATA_DIR is not set', () => {
    expect(
      parseCli(['status'], { ...ctx, env: { PLANASONIX_STATE_DIR: '/var/lib/planasonix-agent' } }),
    ).toMatchObject({
      dataDir: '/var/lib/planasonix-agent',
    });
  });

  it('defaults the data folder per OS', () => {
    expect(parseCli(['status'], ctx)).toEqual({
      command: 'status',
      dataDir: '/home/ada/.local/share/planasonix-agent',
      json: false,
    });
    expect(parseCli(['status', '--json'], { ...ctx, platform: 'darwin' })).toEqual({
      command: 'status',
      dataDir: '/home/ada/Library/Application Support/planasonix-agent',
      json: true,
    });
  });

  it('refuses bad input with a message naming it, never echoing a token', () => {
    expect(parseCli(['run', '--api-host', 'cp.example'], ctx)).toEqual({
      command: 'error',
      message:
        '--api-host / PLANASONIX_API_HOST: "cp.example" is not a URL (for example https://api.planasonix.com)',
    });
    expect(parseCli(['run', '--api-host', 'ftp://cp.example'], ctx)).toMatchObject({
      message: expect.stringContaining('must be an http:// or https:// URL, not ftp://') as unknown,
    });
    const cutToken = parseCli(['run', '--token', 'plnx_enroll_cut-short'], ctx);
    expect(cutToken).toMatchObject({ command: 'error', message: expect.stringContaining('43') as unknown });
    expect(JSON.stringify(cutToken)).not.toContain('cut-short');
    const badToken = parseCli(['run', '--token', 'secret-value'], ctx);
    expect(badToken).toMatchObject({ command: 'error' });
    expect(JSON.stringify(badToken)).not.toContain('secret-value');
    expect(parseCli(['run', '--bogus'], ctx)).toMatchObject({
      command: 'error',
      message: expect.stringContaining('--bogus') as unknown,
    });
    expect(parseCli(['launch'], ctx)).toEqual({ command: 'error', message: 'unknown command "launch"' });
    expect(parseCli(['run', '--log-level', 'loud'], ctx)).toMatchObject({ command: 'error' });
    expect(parseCli(['run'], { ...ctx, env: { PLANASONIX_AGENT_ID: 'nope' } })).toMatchObject({
      command: 'error',
    });
  });

  it('prints help', () => {
    expect(parseCli([], ctx)).toEqual({ command: 'help' });
    expect(parseCli(['run', '--help'], ctx)).toEqual({ command: 'help' });
  });
});
