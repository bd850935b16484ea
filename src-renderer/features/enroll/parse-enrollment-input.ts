import { checkApiHost } from '../../../src-shared/api-host.js';
import { ENROLLMENT_TOKEN_PATTERN, findEnrollmentToken } from '../../../src-shared/rest/tokens.js';

export interface EnrollmentInput {
  token: string | null;
  apiHost: string | null;
}

/**
 * Reads whatever the user pasted into the token field: a bare token, a one-click link
 * (`planasonix://enroll?host=…&token=…`), a web link carrying `token` (and maybe `host`), or a
 * command line or JSON with a token inside (`install.sh --token "plnx_enroll_…"`).
 */
export function parseEnrollmentInput(text: string): EnrollmentInput {
  const trimmed = text.trim();
  if (ENROLLMENT_TOKEN_PATTERN.test(trimmed)) return { token: trimmed, apiHost: null };
  const link = parseLink(trimmed);
  if (link !== null) return link;
  return { token: findEnrollmentToken(trimmed), apiHost: null };
}

function parseLink(text: string): EnrollmentInput | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return null;
  }
  const token = url.searchParams.get('token');
  const host = url.searchParams.get('host') ?? url.searchParams.get('api_host');
  if (url.protocol === 'planasonix:') {
    return { token: token ?? null, apiHost: host !== null ? normalizeApiHost(host) : null };
  }
  if ((url.protocol === 'https:' || url.protocol === 'http:') && token !== null) {
    return { token, apiHost: host !== null ? normalizeApiHost(host) : url.origin };
  }
  return null;
}

/** `api.example.com` → `https://api.example.com`; a URL keeps its scheme and loses any path. */
export function normalizeApiHost(value: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `https://${value}`;
  try {
    return new URL(withScheme).origin;
  } catch {
    return value;
  }
}

/** Plain-words problems with the fields, checked as the user types; null when the field is fine. */
export function tokenProblem(token: string): string | null {
  const t = token.trim();
  if (t === '')
    return 'Paste the enrollment token (it starts with plnx_enroll_) or the whole enrollment link.';
  if (!t.startsWith('plnx_enroll_')) return 'This is not an enrollment token: those start with plnx_enroll_.';
  if (!ENROLLMENT_TOKEN_PATTERN.test(t))
    return 'The token looks cut off or has extra characters: copy it again, whole, without spaces.';
  return null;
}

export function apiHostProblem(apiHost: string): string | null {
  const value = apiHost.trim();
  if (value === '') return 'Enter the API host, for example https://api.planasonix.com.';
  const checked = checkApiHost(value);
  if (!checked.ok) return API_HOST_WORDS[checked.reason];
  if (checked.url.pathname !== '/')
    return 'Give only the host, without a path, like https://api.planasonix.com.';
  return null;
}

const API_HOST_WORDS = {
  not_a_url: 'The API host must be a full URL, for example https://api.planasonix.com.',
  scheme: 'The API host must start with https://.',
  credentials: 'The API host must not hold a user name or password.',
  query_or_fragment: 'Give only the host, without ? or #, like https://api.planasonix.com.',
} as const;
