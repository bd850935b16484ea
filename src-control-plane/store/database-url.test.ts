import { describe, expect, it } from 'vitest';
import { describeDatabaseUrl, parseDatabaseUrl } from './database-url.js';

describe('parseDatabaseUrl', () => {
  it('accepts postgres:// and postgresql:// URLs that name a host and a database', () => {
    expect(parseDatabaseUrl('postgres://u:p@db.internal:5432/planasonix').hostname).toBe('db.internal');
    expect(parseDatabaseUrl('postgresql://db/planasonix?sslmode=require').pathname).toBe('/planasonix');
  });

  it.each([
    ['not a url', /must be a URL like postgres:\/\//],
    ['mysql://db/planasonix', /must start with postgres:\/\/ or postgresql:\/\/, got "mysql:\/\/"/],
    ['sqlite:///tmp/x.sqlite', /SQLite needs no URL/],
    ['postgres://db.internal:5432', /names no database/],
    ['postgres://db.internal:5432/', /names no database/],
  ])('refuses %s, saying what is wrong', (text, message) => {
    expect(() => parseDatabaseUrl(text)).toThrow(message);
  });
});

describe('describeDatabaseUrl', () => {
  it('hides the password, in the userinfo and in the query', () => {
    const shown = describeDatabaseUrl('postgres://app:s3cret-pw@db:5432/planasonix?password=other-secret');
    expect(shown).not.toContain('s3cret-pw');
    expect(shown).not.toContain('other-secret');
    expect(shown).toContain('app:***@db:5432/planasonix');
  });

  it('never echoes a URL it cannot parse (it may hold a password)', () => {
    expect(describeDatabaseUrl('postgres://app:pw@[bad')).toBe('an unparseable database URL');
  });
});
