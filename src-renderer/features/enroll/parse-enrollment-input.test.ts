import { describe, expect, it } from 'vitest';
import {
  apiHostProblem,
  normalizeApiHost,
  parseEnrollmentInput,
  tokenProblem,
} from './parse-enrollment-input.js';

const TOKEN = 'plnx_enroll_AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcde';

describe('parseEnrollmentInput', () => {
  it('takes a bare token as is', () => {
    expect(parseEnrollmentInput(`  ${TOKEN}\n`)).toEqual({ token: TOKEN, apiHost: null });
  });

  it('reads both fields from a planasonix:// link', () => {
    const link = `planasonix://enroll?host=${encodeURIComponent('https://cp.example.com')}&token=${TOKEN}`;
    expect(parseEnrollmentInput(link)).toEqual({ token: TOKEN, apiHost: 'https://cp.example.com' });
  });

  it('reads a web enrollment link: its origin is the API host unless host= says otherwise', () => {
    expect(parseEnrollmentInput(`https://cp.example.com/agents/enroll?token=${TOKEN}`)).toEqual({
      token: TOKEN,
      apiHost: 'https://cp.example.com',
    });
    expect(
      parseEnrollmentInput(`https://app.example.com/enroll?host=api.example.com&token=${TOKEN}`),
    ).toEqual({
      token: TOKEN,
      apiHost: 'https://api.example.com',
    });
  });

  it('finds the token inside a pasted command', () => {
    expect(parseEnrollmentInput(`sudo ./install.sh --token "${TOKEN}"`)).toEqual({
      token: TOKEN,
      apiHost: null,
    });
  });

  it('does not take a cut-off or overlong token out of a pasted command', () => {
    expect(parseEnrollmentInput(`--token "${TOKEN.slice(0, -2)}"`).token).toBeNull();
    expect(parseEnrollmentInput(`--token "${TOKEN}xyz"`).token).toBeNull();
  });

  it('finds nothing in unrelated text', () => {
    expect(parseEnrollmentInput('hello')).toEqual({ token: null, apiHost: null });
  });
});

describe('field checks', () => {
  it('names what is wrong with a token', () => {
    expect(tokenProblem('')).toMatch(/Paste the enrollment token/);
    expect(tokenProblem('plnx_key_abc')).toMatch(/start with plnx_enroll_/);
    expect(tokenProblem('plnx_enroll_abc')).toMatch(/cut off/);
    expect(tokenProblem('plnx_enroll_abc def ghi jkl')).toMatch(/cut off/);
    expect(tokenProblem(`${TOKEN}x`)).toMatch(/cut off/);
    expect(tokenProblem(TOKEN)).toBeNull();
  });

  it('names what is wrong with an API host', () => {
    expect(apiHostProblem('')).toMatch(/Enter the API host/);
    expect(apiHostProblem('not a url')).toMatch(/full URL/);
    expect(apiHostProblem('ftp://x.example')).toMatch(/https:\/\//);
    expect(apiHostProblem('https://x.example/api/agents')).toMatch(/without a path/);
    expect(apiHostProblem('https://me:pw@x.example')).toMatch(/user name or password/);
    expect(apiHostProblem('https://x.example/?a=1')).toMatch(/without \? or #/);
    expect(apiHostProblem('https://x.example')).toBeNull();
    expect(apiHostProblem('http://127.0.0.1:8080')).toBeNull();
  });

  it('adds https:// to a bare host name', () => {
    expect(normalizeApiHost('api.example.com')).toBe('https://api.example.com');
    expect(normalizeApiHost('http://127.0.0.1:9000/x')).toBe('http://127.0.0.1:9000');
  });
});
