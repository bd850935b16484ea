import { z } from 'zod';

export type ApiHostCheck =
  | { ok: true; url: URL }
  | { ok: false; reason: 'not_a_url' | 'scheme' | 'credentials' | 'query_or_fragment'; problem: string };

/**
 * The control plane's base URL as every entry point takes it (enrollment in the UI, a deep link, the
 * agent's and the host's flags, an installer's config file, the control plane's public URL): http or
 * https only, no user name or password (they would end up in logs and on disk), no query or fragment
 * (the agent builds every route from it). A path is allowed (a control plane behind a path prefix).
 * `reason` lets a UI word the refusal its own way; `problem` is the sentence for logs and CLIs.
 */
export function checkApiHost(text: string): ApiHostCheck {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return { ok: false, reason: 'not_a_url', problem: `${JSON.stringify(text.slice(0, 200))} is not a URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      reason: 'scheme',
      problem: `must be an http:// or https:// URL, not ${url.protocol}//`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, reason: 'credentials', problem: 'must not carry a user name or password' };
  }
  if (url.search !== '' || url.hash !== '') {
    return { ok: false, reason: 'query_or_fragment', problem: 'must not carry a query or a fragment' };
  }
  return { ok: true, url };
}

/** `checkApiHost` as a schema field: the value stays as given, a refusal names what is wrong. */
export const ApiHostUrl = z
  .string()
  .max(2048)
  .superRefine((value, ctx) => {
    const checked = checkApiHost(value);
    if (!checked.ok) ctx.addIssue({ code: 'custom', message: checked.problem });
  });
