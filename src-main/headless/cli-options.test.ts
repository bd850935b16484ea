import { describe, expect, it } from 'vitest';
import { parseHeadlessOptions } from './cli-options.js';

describe('parseHeadlessOptions', () => {
  it('takes flags over environment and defaults the port to any free one', () => {
    expect(parseHeadlessOptions([], {})).toEqual({ dataDir: null, uiPort: 0, apiHost: null, help: false });
    expect(
      parseHeadlessOptions(['--ui-port', '8080', '--data-dir', '/d'], {
        PLANASONIX_UI_PORT: '9',
        PLANASONIX_API_HOST: 'http://127.0.0.1:3000',
      }),
    ).toEqual({ dataDir: '/d', uiPort: 8080, apiHost: 'http://127.0.0.1:3000', help: false });
  });

  it('names the bad value', () => {
    expect(() => parseHeadlessOptions(['--ui-port', 'abc'], {})).toThrow(/--ui-port: "abc"/);
    expect(() => parseHeadlessOptions(['--api-host', 'ftp://x'], {})).toThrow(
      '--api-host: must be an http:// or https:// URL, not ftp://',
    );
    // The old check took anything after http(s)://, credentials and query included.
    expect(() => parseHeadlessOptions(['--api-host', 'https://me:pw@cp.example'], {})).toThrow(
      '--api-host: must not carry a user name or password',
    );
    expect(() => parseHeadlessOptions(['--api-host', 'https://cp.example/?x=1'], {})).toThrow(
      '--api-host: must not carry a query or a fragment',
    );
    expect(() => parseHeadlessOptions(['--colour'], {})).toThrow(/colour/);
  });
});
