import { errorMessage } from '../../src-node/error-message.js';

/**
 * Turns socket and TLS errors into one plain sentence, and says whether trying again later can help.
 * Shared by preflight, enrollment and the session so the same failure reads the same everywhere.
 */
export interface DescribedError {
  message: string;
  kind: 'dns' | 'refused' | 'timeout' | 'tls' | 'reset' | 'proxy' | 'other';
}

const TLS_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

export function describeNetworkError(error: unknown, target: string): DescribedError {
  const e = error as NodeJS.ErrnoException & { reason?: string };
  const code = e?.code ?? '';
  const detail = errorMessage(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return { kind: 'dns', message: `the host name of ${target} does not resolve (${code})` };
  }
  if (code === 'ECONNREFUSED') return { kind: 'refused', message: `${target} refused the connection` };
  if (
    code === 'ETIMEDOUT' ||
    code === 'ESOCKETTIMEDOUT' ||
    code === 'ABORT_ERR' ||
    /timed? ?out/i.test(detail)
  ) {
    return { kind: 'timeout', message: `${target} did not answer in time` };
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    return { kind: 'reset', message: `the connection to ${target} failed (${code})` };
  }
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') {
    return {
      kind: 'tls',
      message: `the TLS certificate of ${target} is ${code === 'CERT_HAS_EXPIRED' ? 'expired' : 'not yet valid'}; check this machine's clock`,
    };
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') {
    return { kind: 'tls', message: `the TLS certificate of ${target} is for another host name` };
  }
  if (TLS_CODES.has(code) || /certificate|ssl|tls/i.test(detail)) {
    return {
      kind: 'tls',
      message: `the TLS certificate of ${target} is not trusted (${code || detail}); behind a TLS-inspecting proxy, set the CA bundle setting`,
    };
  }
  if (/proxy/i.test(detail)) return { kind: 'proxy', message: `the proxy failed: ${detail}` };
  return { kind: 'other', message: `${target}: ${detail}` };
}
