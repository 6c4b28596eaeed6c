import { describe, expect, it } from 'vitest';
import { acceptedRequestId, incomingRequestId } from './request-id.js';

describe('acceptedRequestId', () => {
  it('keeps an id of letters, digits and . _ : - up to 64 characters', () => {
    expect(acceptedRequestId('lb-7f3a:0001_x.y')).toBe('lb-7f3a:0001_x.y');
    expect(acceptedRequestId('a'.repeat(64))).toBe('a'.repeat(64));
    expect(acceptedRequestId('9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d')).toBe(
      '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d',
    );
  });

  it('refuses anything else: missing, empty, too long, spaces, line breaks, other characters, repeated headers', () => {
    expect(acceptedRequestId(undefined)).toBeNull();
    expect(acceptedRequestId('')).toBeNull();
    expect(acceptedRequestId('a'.repeat(65))).toBeNull();
    expect(acceptedRequestId('two words')).toBeNull();
    expect(acceptedRequestId('id\n{"level":"error"}')).toBeNull();
    expect(acceptedRequestId('mã-yêu-cầu')).toBeNull();
    expect(acceptedRequestId('<script>')).toBeNull();
    expect(acceptedRequestId(['a', 'b'])).toBeNull();
  });
});

describe('incomingRequestId', () => {
  it('keeps a valid id only behind a trusted proxy, so a client cannot choose what the audit log records', () => {
    expect(incomingRequestId('lb-2026:0001', true)).toBe('lb-2026:0001');
    expect(incomingRequestId('lb-2026:0001', false)).toBeNull();
    expect(incomingRequestId('two words', true)).toBeNull();
  });
});
