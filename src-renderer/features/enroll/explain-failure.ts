import type { PreflightCheck } from '../../../src-shared/host-api/preflight.js';
import type { UiError } from '../../store/slice-api.js';

export interface Explanation {
  title: string;
  /** What happened, in the host's own words. */
  detail: string;
  /** What to do about it. */
  fix: string;
  /** Whether the one-time token was left unspent (so the same token can be used again). */
  tokenKept: boolean;
}

const ASK_FOR_TOKEN =
  'Ask your Planasonix admin for a new enrollment token: in Planasonix they open Agents, pick this agent and choose Enable (or register a new agent); the token is shown once, so they should send it to you right away.';

const CHECK_FIXES: Record<PreflightCheck['name'], { title: string; fix: string }> = {
  proxy: {
    title: 'The proxy did not let the connection through',
    fix: 'Check the proxy address in Settings → Proxy (or the HTTPS_PROXY variable), and that the proxy allows the API host.',
  },
  dns: {
    title: 'The API host name does not resolve',
    fix: 'Check the API host for typos. If your network needs a proxy to reach the internet, set it in Settings → Proxy.',
  },
  tls: {
    title: 'The secure (TLS) connection failed',
    fix: 'If your network inspects TLS traffic, add its CA certificate file in Settings → Extra CA bundle; otherwise check the API host is right.',
  },
  reachability: {
    title: 'The control plane did not answer',
    fix: 'Check the API host is the Planasonix address your admin gave you and that this machine may reach it (firewall, proxy).',
  },
  clock: {
    title: "This computer's clock is wrong",
    fix: "Turn on automatic time (NTP) in the system's date settings, then try again.",
  },
};

/** Turns a failed enrollment into plain words with the fix, from the failed check or the error. */
export function explainEnrollFailure(error: UiError, checks: PreflightCheck[]): Explanation {
  const failed = checks.find((c) => c.status === 'failed');
  if (failed !== undefined) {
    const words = CHECK_FIXES[failed.name];
    return { title: words.title, detail: failed.detail ?? error.message, fix: words.fix, tokenKept: true };
  }
  const message = error.message;
  const text = message.toLowerCase();
  if (text.includes('expired')) {
    return {
      title: 'The enrollment token has expired',
      detail: message,
      fix: ASK_FOR_TOKEN,
      tokenKept: false,
    };
  }
  if (text.includes('already used')) {
    return {
      title: 'This token was already used',
      detail: message,
      fix: `Each token enrolls one agent, once. ${ASK_FOR_TOKEN}`,
      tokenKept: false,
    };
  }
  if (text.includes('revoked')) {
    return {
      title: 'This agent is revoked',
      detail: message,
      fix: 'An admin must enable the agent again in Planasonix (Agents → this agent → Enable); that issues a new token to enroll with.',
      tokenKept: false,
    };
  }
  if (text.includes('does not know') || text.includes('token_unknown') || text.includes('unknown token')) {
    return {
      title: 'The control plane does not know this token',
      detail: message,
      fix: `Check that you pasted the whole token and that the API host is the one the token came from. If the agent was re-enabled since, only its newest token works. ${ASK_FOR_TOKEN}`,
      tokenKept: false,
    };
  }
  switch (error.code) {
    case 'transport_closed':
      return {
        title: 'Lost the connection to the host app',
        detail: message,
        fix: 'Wait until the window says it is connected again, then try again.',
        tokenKept: true,
      };
    case 'worker_unavailable':
      return {
        title: 'The agent is not running',
        detail: message,
        fix: 'Open Status to see why, restart the agent there, then try again.',
        tokenKept: true,
      };
    case 'busy':
      return {
        title: 'An enrollment is already running',
        detail: message,
        fix: 'Wait for it to finish.',
        tokenKept: true,
      };
    case 'already_enrolled':
      return {
        title: 'This host is already enrolled',
        detail: message,
        fix: 'Unenroll it first (below), then enroll with the new token.',
        tokenKept: true,
      };
    case 'bad_request':
      return {
        title: 'A field is not valid',
        detail: message,
        fix: 'Correct the field named above and try again.',
        tokenKept: true,
      };
    default:
      return {
        title: 'Enrollment failed',
        detail: message,
        fix: 'Try again in a minute. If it keeps failing, export diagnostics (Settings → Diagnostics) and send them to your admin.',
        tokenKept: false,
      };
  }
}
