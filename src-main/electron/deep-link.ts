import { checkApiHost } from '../../src-shared/api-host.js';
import { ENROLLMENT_TOKEN_PATTERN } from '../../src-shared/rest/tokens.js';

export const DEEP_LINK_SCHEME = 'planasonix';

export interface EnrollLink {
  /** The control plane, normalised to its origin (`https://cp.example.com`). */
  apiHost: string;
  token: string;
}

export type EnrollLinkResult = { ok: true; link: EnrollLink } | { ok: false; error: string };

const MAX_LINK_LENGTH = 4096;

/**
 * Reads `planasonix://enroll?host=…&token=…`. Such a link can come from any web page or mail, so
 * everything is checked and nothing is spent here: the UI shows the result and asks before enrolling.
 * Error messages never repeat the token.
 */
export function parseEnrollLink(raw: string): EnrollLinkResult {
  if (raw.length > MAX_LINK_LENGTH) return fail(`the link is longer than ${MAX_LINK_LENGTH} characters`);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('this is not a link');
  }
  if (url.protocol !== `${DEEP_LINK_SCHEME}:`) return fail(`the link must start with ${DEEP_LINK_SCHEME}://`);
  // `planasonix://enroll?…` puts "enroll" in the host; `planasonix:enroll?…` in the path.
  const action = (url.host === '' ? url.pathname : `${url.host}${url.pathname}`).replace(/\/+$/, '');
  if (action !== 'enroll') return fail(`unknown link action "${action.slice(0, 40)}": only "enroll" exists`);

  const hosts = url.searchParams.getAll('host');
  const tokens = url.searchParams.getAll('token');
  if (hosts.length !== 1)
    return fail(hosts.length === 0 ? 'the link has no host' : 'the link names two hosts');
  if (tokens.length !== 1) {
    return fail(tokens.length === 0 ? 'the link has no token' : 'the link carries two tokens');
  }
  const apiHost = parseApiHost(hosts[0] ?? '');
  if ('error' in apiHost) return fail(apiHost.error);
  const token = tokens[0] ?? '';
  if (!ENROLLMENT_TOKEN_PATTERN.test(token)) {
    return fail('the token in the link is not an enrollment token (they start with "plnx_enroll_")');
  }
  return { ok: true, link: { apiHost: apiHost.origin, token } };
}

function parseApiHost(text: string): { origin: string } | { error: string } {
  if (text === '') return { error: 'the host in the link is empty' };
  // A bare name (`cp.example.com:8443`) means HTTPS; an explicit http:// is kept for local planes.
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`;
  const checked = checkApiHost(withScheme);
  if (!checked.ok) {
    return checked.reason === 'not_a_url'
      ? { error: `the host "${text.slice(0, 100)}" is not a valid address` }
      : { error: `the host ${checked.problem}` };
  }
  const host = checked.url;
  if (host.pathname !== '/' && host.pathname !== '') {
    return { error: 'the host must be just an address (no path, query or fragment)' };
  }
  return { origin: host.origin };
}

/** The deep link among a second instance's command line arguments (Windows and Linux pass it so). */
export function findDeepLinkArg(argv: readonly string[]): string | null {
  return argv.find((arg) => arg.toLowerCase().startsWith(`${DEEP_LINK_SCHEME}:`)) ?? null;
}

function fail(reason: string): EnrollLinkResult {
  return { ok: false, error: `Cannot use this enrollment link: ${reason}.` };
}
