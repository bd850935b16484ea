import { describe, expect, it } from 'vitest';
import { hostDataDir } from './host-data-dir.js';

describe('hostDataDir', () => {
  it('puts the host under each OS’s per-user data folder, named planasonix-agent-host', () => {
    const home = { homeDir: '/home/ana', env: {} };
    expect(hostDataDir({ ...home, platform: 'linux' })).toBe('/home/ana/.local/share/planasonix-agent-host');
    expect(hostDataDir({ ...home, platform: 'darwin' })).toBe(
      '/home/ana/Library/Application Support/planasonix-agent-host',
    );
    expect(
      hostDataDir({ platform: 'win32', homeDir: 'C:\\Users\\ana', env: { LOCALAPPDATA: 'C:\\L' } }),
    ).toBe('C:\\L\\planasonix-agent-host');
  });

  it('takes PLANASONIX_DATA_DIR when set (tests and servers), ignoring an empty one', () => {
    const input = { platform: 'linux', homeDir: '/home/ana' };
    expect(hostDataDir({ ...input, env: { PLANASONIX_DATA_DIR: '/tmp/fresh' } })).toBe('/tmp/fresh');
    expect(hostDataDir({ ...input, env: { PLANASONIX_DATA_DIR: '' } })).toBe(
      '/home/ana/.local/share/planasonix-agent-host',
    );
  });
});
