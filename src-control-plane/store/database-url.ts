/**
 * Checks a `--database-url` and says what is wrong with it. Only PostgreSQL URLs are accepted:
 * SQLite needs no URL (it lives under the data folder).
 */
export function parseDatabaseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error('--database-url must be a URL like postgres://user:password@host:5432/database');
  }
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(
      `--database-url must start with postgres:// or postgresql://, got "${url.protocol}//" (SQLite needs no URL)`,
    );
  }
  if (url.hostname === '' && !url.searchParams.has('host')) {
    throw new Error('--database-url names no host');
  }
  if (url.pathname.length <= 1) {
    throw new Error('--database-url names no database (the path after the host, e.g. /planasonix)');
  }
  return url;
}

/** The URL as logs and errors may show it: the password replaced. */
export function describeDatabaseUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    for (const key of ['password', 'sslpassword']) {
      if (url.searchParams.has(key)) url.searchParams.set(key, '***');
    }
    return url.toString();
  } catch {
    return 'an unparseable database URL';
  }
}
