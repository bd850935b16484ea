/** Marker left where a secret was. */
export const REDACTED = '[redacted]';

/**
 * The one redaction policy of every runtime: what the agent, the host, the control plane and the
 * diagnostics bundle mask before a line is written, forwarded or shown.
 *
 * Secret-shaped text is masked inside any string, since an error message can quote a header, a
 * command line or a link: PEM blocks (private keys above all; a block cut off before its END line is
 * masked to the end), bearer values, enrollment tokens and API keys by their published prefixes (so
 * a token cut short by truncation is still caught), and `token=` in URLs (the loopback UI's link,
 * enrollment links). The whole token goes, prefix too: no part of a secret is left to match on.
 */
const SECRET_TEXT: readonly [RegExp, string][] = [
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g, REDACTED],
  [/(Bearer\s+)[A-Za-z0-9._~+/=-]+/gi, `$1${REDACTED}`],
  [/plnx_enroll_[A-Za-z0-9_-]+/g, REDACTED],
  [/plnx_key_[A-Za-z0-9_-]+/g, REDACTED],
  [/(?<=[#&?]token=)[A-Za-z0-9_.~%-]+/g, REDACTED],
];

/** Fields named like a secret are masked whole, whatever they hold, at any depth. */
const SECRET_FIELD =
  /^(token|enrollment_?token|authorization|proxy-authorization|cookie|private_?key|secret|password|api_?key|signature)$/i;

/** The text with every secret in it masked, and how many were. */
export function redactSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let clean = text;
  for (const [pattern, mask] of SECRET_TEXT) {
    clean = clean.replace(pattern, (...match: unknown[]) => {
      count += 1;
      return mask.replace('$1', typeof match[1] === 'string' ? match[1] : '');
    });
  }
  return { text: clean, count };
}

export function redactText(text: string): string {
  return redactSecrets(text).text;
}

/** A JSON-shaped value (a parsed log record, say) with secret fields and secret text masked. */
export function redactFields(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.map(redactFields);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) {
    out[key] = SECRET_FIELD.test(key) ? REDACTED : redactFields(field);
  }
  return out;
}
