import { strToU8, zipSync } from 'fflate';
import type { DiagnosticsExport, DiagnosticsPreview } from '../../../src-shared/host-api/diagnostics.js';
import type { LogLine } from '../../../src-shared/host-api/logs.js';
import { redactSecrets } from '../../../src-shared/redact.js';

/** Everything that goes into a bundle, gathered by the caller at the moment of export. */
export interface DiagnosticsSources {
  now: number;
  versions: Record<string, string | null>;
  snapshot: unknown;
  settings: unknown;
  /** The effective IT policy: values, where each came from, and what was skipped. */
  policy: unknown;
  preflight: unknown;
  health: unknown;
  logs: Record<string, LogLine[]>;
}

interface Entry {
  name: string;
  text: string;
  redactions: number;
}

const PREVIEW_CHARS = 2000;

/** The bundle's files, each already redacted: what the preview shows is exactly what is saved. */
export function buildDiagnosticsEntries(sources: DiagnosticsSources): Entry[] {
  const files: [string, string][] = [
    ['versions.json', json(sources.versions)],
    ['snapshot.json', json(sources.snapshot)],
    ['settings.json', json(sources.settings)],
    ['policy.json', json(sources.policy)],
    ['preflight.json', json(sources.preflight)],
    ['health.json', json(sources.health)],
    ...Object.entries(sources.logs).map(([name, lines]): [string, string] => [
      `logs/${name}.log`,
      logText(lines),
    ]),
  ];
  return files.map(([name, raw]) => {
    const { text, count } = redactSecrets(raw);
    return { name, text, redactions: count };
  });
}

export function previewDiagnostics(entries: Entry[]): DiagnosticsPreview {
  const described = entries.map((entry) => ({
    name: entry.name,
    bytes: Buffer.byteLength(entry.text),
    redactions: entry.redactions,
    preview: entry.text.slice(0, PREVIEW_CHARS),
  }));
  return { entries: described, totalBytes: described.reduce((sum, e) => sum + e.bytes, 0) };
}

export function zipDiagnostics(entries: Entry[], now: number): DiagnosticsExport {
  const zip = zipSync(Object.fromEntries(entries.map((entry) => [entry.name, strToU8(entry.text)])), {
    level: 6,
  });
  const stamp = new Date(now)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z');
  return {
    fileName: `planasonix-diagnostics-${stamp}.zip`,
    sizeBytes: zip.byteLength,
    zipBase64: Buffer.from(zip).toString('base64'),
  };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function logText(lines: LogLine[]): string {
  return lines
    .map((line) => {
      const fields = line.fields === undefined ? '' : ` ${JSON.stringify(line.fields)}`;
      return `${new Date(line.time).toISOString()} ${line.level.toUpperCase()} ${line.msg}${fields}\n`;
    })
    .join('');
}
