import { describe, expect, it } from 'vitest';
import { errorCode, errorMessage } from './error-message.js';

describe('errorMessage', () => {
  it('gives an Error its message, without the "Error:" prefix String() adds', () => {
    expect(errorMessage(new TypeError('bad input'))).toBe('bad input');
  });

  it('gives an Error without a message its name', () => {
    expect(errorMessage(new RangeError())).toBe('RangeError');
  });

  it('gives an empty AggregateError the distinct messages it holds', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED ::1:80'), { code: 'ECONNREFUSED' });
    const refused4 = new Error('connect ECONNREFUSED 127.0.0.1:80');
    expect(errorMessage(new AggregateError([refused, refused4, refused]))).toBe(
      'connect ECONNREFUSED ::1:80; connect ECONNREFUSED 127.0.0.1:80',
    );
    expect(errorMessage(new AggregateError([]))).toBe('AggregateError');
  });

  it('gives a thrown string itself and converts anything else', () => {
    expect(errorMessage('plain words')).toBe('plain words');
    expect(errorMessage(42)).toBe('42');
    expect(errorMessage(null)).toBe('null');
  });
});

describe('errorCode', () => {
  it('reads the code of a system error and nothing from other values', () => {
    expect(errorCode(Object.assign(new Error('x'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(errorCode(new Error('x'))).toBeUndefined();
    expect(errorCode('ENOENT')).toBeUndefined();
  });
});
