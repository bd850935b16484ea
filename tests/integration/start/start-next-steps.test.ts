import { describe, expect, it } from 'vitest';
import { enrollLink, nextSteps, shellQuote } from '../../../scripts/start-next-steps.js';
import { parseEnrollLink } from '../../../src-main/electron/deep-link.js';

const TOKEN = 'plnx_enroll_rwFau0JjvN02lNZG_djAriHdR1YDbhKfycDyTCCmRsM';
const base = {
  controlPlaneUrl: 'http://127.0.0.1:8080',
  apiKey: "plnx_key_dev_it's",
  agentId: 'agt_01m8hfvtzc3b42bttfxw5t1qzm',
  enrollmentToken: TOKEN,
};

describe('npm start next steps', () => {
  it('gives the headless UI address, the token, the one-click link and a runnable curl', () => {
    const text = nextSteps({
      ...base,
      host: { kind: 'headless', uiUrl: 'http://127.0.0.1:9000/#token=abc' },
    });
    expect(text).toContain("1. Open the host's web UI: http://127.0.0.1:9000/#token=abc");
    expect(text).toContain(`   ${TOKEN}\n`);
    expect(text).toContain(enrollLink(base.controlPlaneUrl, TOKEN));
    const auth = `-H 'Authorization: Bearer plnx_key_dev_it'\\''s'`;
    expect(text).toContain(
      `curl -fsS -X POST http://127.0.0.1:8080/v1/jobs ${auth} -H 'Content-Type: application/json' -d '{"name":"hello","steps":[{"name":"say hello","run":"echo hello from Planasonix"}],"target":{"agent_id":"agt_01m8hfvtzc3b42bttfxw5t1qzm"}}'`,
    );
    expect(text).toContain(`curl -fsS http://127.0.0.1:8080/v1/jobs ${auth}`);
    expect(text).toMatch(/Ctrl-C to stop everything/);
  });

  it('points at the tray when the desktop app runs', () => {
    expect(nextSteps({ ...base, host: { kind: 'desktop' } })).toContain('1. The desktop app is open');
  });

  it('builds a link the desktop app accepts, and shell-safe quotes', () => {
    expect(parseEnrollLink(enrollLink('http://127.0.0.1:8080', TOKEN))).toEqual({
      ok: true,
      link: { apiHost: 'http://127.0.0.1:8080', token: TOKEN },
    });
    expect(shellQuote("a'b")).toBe(`'a'\\''b'`);
  });
});
