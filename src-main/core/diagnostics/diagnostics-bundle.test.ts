import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { buildDiagnosticsEntries, previewDiagnostics, zipDiagnostics } from './diagnostics-bundle.js';

const pem = '-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEIHb1\n-----END PRIVATE KEY-----';
const sources = {
  now: Date.UTC(2026, 10, 28, 12, 0, 0),
  versions: { app: '0.1.0', node: 'v20.20.0' },
  snapshot: { worker: { reason: 'bad token plnx_enroll_LEAKEDLEAKED' } },
  settings: { proxyUrl: 'http://proxy:3128' },
  policy: {
    values: { ApiHost: 'https://cp.example' },
    sources: { ApiHost: '/etc/planasonix-agent/policy.json' },
    warnings: [],
  },
  preflight: [{ name: 'dns', status: 'passed', detail: null }],
  health: [],
  logs: {
    host: [
      { cursor: '1.0', time: 0, level: 'info' as const, msg: `key ${pem} and plnx_key_01abc_SECRETSECRET` },
    ],
  },
};

describe('diagnostics bundle', () => {
  it('redacts tokens, API keys and PEM blocks from every file and counts them', () => {
    const entries = buildDiagnosticsEntries(sources);
    const all = entries.map((e) => e.text).join('\n');
    expect(all).not.toMatch(/plnx_enroll_|plnx_key_|BEGIN PRIVATE KEY|LEAKED|SECRETSECRET/);
    expect(entries.find((e) => e.name === 'logs/host.log')?.redactions).toBe(2);
    expect(entries.find((e) => e.name === 'snapshot.json')?.redactions).toBe(1);
  });

  it('previews exactly what the zip holds', () => {
    const entries = buildDiagnosticsEntries(sources);
    const preview = previewDiagnostics(entries);
    const exported = zipDiagnostics(entries, sources.now);
    expect(exported.fileName).toBe('planasonix-diagnostics-20261128T120000Z.zip');
    const files = unzipSync(Buffer.from(exported.zipBase64, 'base64'));
    expect(Object.keys(files).sort()).toEqual(preview.entries.map((e) => e.name).sort());
    for (const entry of preview.entries) {
      expect(strFromU8(files[entry.name]!).startsWith(entry.preview)).toBe(true);
      expect(files[entry.name]!.byteLength).toBe(entry.bytes);
    }
  });
});
