/** Marker left where a secret was. */
export const REDACTED = '[redacted]';

/**
 * Enrollment tokens, API keys and PEM blocks (private keys above all). Tokens and keys are matched
 * by their published prefixes, so a partial token cut by truncation is still caught.
 */
const SECRET_PATTERNS: readonly RegExp[] = [
  /-----BEGIN [A-Z0-9 ]+-----[\s\S]*?(?:-----END [A-Z0-9 ]+-----|$)/g,
  /plnx_enroll_[A-Za-z0-9_-]*/g,
  /plnx_key_[A-Za-z0-9_-]*/g,
  /(?<=[#&?]token=)[A-Za-z0-9_-]+/g,
];

/** Replaces every secret in the text; returns the clean text and how many were replaced. */
export function redactSecrets(text: string): { text: string; count: number } {
  let count = 0;
  let clean = text;
  for (const pattern of SECRET_PATTERNS) {
    clean = clean.replace(pattern, () => {
      count += 1;
      return REDACTED;
    });
  }
  return { text: clean, count };
}
