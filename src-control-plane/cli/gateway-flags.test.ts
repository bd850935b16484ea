import { describe, expect, it } from 'vitest';
import { resolveServerConfig, UsageError } from './server-config.js';

/** The agent gateway's flags: heartbeat interval and trusted proxies (flags win over environment). */
describe('gateway flags', () => {
  const resolve = (argv: string[], env: Record<string, string> = {}) =>
    resolveServerConfig(argv, env, '/tmp/x');

  it('default to a 20 s heartbeat and no trusted proxy', () => {
    expect(resolve([])).toMatchObject({ heartbeatIntervalSeconds: 20, trustedProxies: [] });
  });

  it('take the heartbeat interval from the flag, else the environment', () => {
    expect(resolve(['--heartbeat-interval', '1'])?.heartbeatIntervalSeconds).toBe(1);
    expect(resolve([], { PLANASONIX_HEARTBEAT_INTERVAL: '5' })?.heartbeatIntervalSeconds).toBe(5);
    expect(
      resolve(['--heartbeat-interval', '2'], { PLANASONIX_HEARTBEAT_INTERVAL: '5' })
        ?.heartbeatIntervalSeconds,
    ).toBe(2);
  });

  it('refuse an interval that is not a whole number of seconds from 1 to 3600', () => {
    for (const bad of ['0', '0.5', '3601', 'soon']) {
      expect(() => resolve(['--heartbeat-interval', bad])).toThrow(UsageError);
    }
  });

  it('collect repeated --trusted-proxy flags, or a comma list from the environment', () => {
    expect(resolve(['--trusted-proxy', '10.0.0.1', '--trusted-proxy', '::1'])?.trustedProxies).toEqual([
      '10.0.0.1',
      '::1',
    ]);
    expect(resolve([], { PLANASONIX_TRUSTED_PROXIES: '10.0.0.0/8, 127.0.0.1' })?.trustedProxies).toEqual([
      '10.0.0.0/8',
      '127.0.0.1',
    ]);
  });

  it('refuse a trusted proxy that is not an address or range, naming it', () => {
    expect(() => resolve(['--trusted-proxy', 'lb.internal'])).toThrow('trusted proxy "lb.internal"');
  });
});
