/**
 * Secrets never reach a log line: fields named like a secret are masked whole, and secret-shaped
 * text (enrollment tokens, API keys, bearer values, PEM blocks) is masked inside any string, since an
 * error message can quote a header or a command line.
 */
const SECRET_KEY =
  /^(token|enrollment_?token|authorization|private_?key|privatekey|secret|password|api_?key|signature)$/i;

const SECRET_TEXT: readonly [RegExp, string][] = [
  [
    /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g,
    '[redacted private key]',
  ],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, '$1[redacted]'],
  [/plnx_enroll_[A-Za-z0-9_-]+/g, 'plnx_enroll_[redacted]'],
  [/plnx_key_[A-Za-z0-9_-]+/g, 'plnx_key_[redacted]'],
];

export function redactText(text: string): string {
  return SECRET_TEXT.reduce((out, [pattern, mask]) => out.replace(pattern, mask), text);
}

export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactText(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: redactText(value.message) };
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    out[key] = SECRET_KEY.test(key) ? '[redacted]' : redactValue(v, depth + 1);
  }
  return out;
}
