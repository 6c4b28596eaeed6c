import { describe, expect, it } from 'vitest';
import { isLoopback, metricsAccess, metricsEnabled } from './metrics-access.rules.js';

const TOKEN = 'mã-bí-mật-cho-prometheus-0123456789abcdef'.replace(/[^\x21-\x7e]/g, 'x');

describe('metricsAccess', () => {
  it('is closed (404) unless a token or loopback access is configured', () => {
    expect(metricsEnabled({ token: null, allowLoopback: false })).toBe(false);
    expect(metricsEnabled({ token: TOKEN, allowLoopback: false })).toBe(true);
    expect(metricsEnabled({ token: null, allowLoopback: true })).toBe(true);
  });

  it('with a token: the right bearer token is let in from anywhere, a missing or wrong one gets 401', () => {
    const s = { token: TOKEN, allowLoopback: false };
    expect(metricsAccess(s, '203.0.113.9', `Bearer ${TOKEN}`)).toBe('allow');
    expect(metricsAccess(s, '203.0.113.9', undefined)).toBe('unauthenticated');
    expect(metricsAccess(s, '127.0.0.1', undefined)).toBe('unauthenticated');
    expect(metricsAccess(s, '203.0.113.9', `Bearer ${TOKEN}x`)).toBe('unauthenticated');
    expect(metricsAccess(s, '203.0.113.9', `Bearer ${TOKEN.slice(0, -1)}`)).toBe('unauthenticated');
    expect(metricsAccess(s, '203.0.113.9', TOKEN)).toBe('unauthenticated');
    expect(metricsAccess(s, '203.0.113.9', ['Bearer', TOKEN])).toBe('unauthenticated');
  });

  it('with loopback access: this machine is let in without a token, others get 403, a wrong token 401', () => {
    const s = { token: null, allowLoopback: true };
    expect(metricsAccess(s, '127.0.0.1', undefined)).toBe('allow');
    expect(metricsAccess(s, '::1', undefined)).toBe('allow');
    expect(metricsAccess(s, '::ffff:127.0.0.1', undefined)).toBe('allow');
    expect(metricsAccess(s, '10.0.0.5', undefined)).toBe('forbidden');
    expect(metricsAccess(s, '127.0.0.1', 'Bearer doan-thu')).toBe('unauthenticated');
    const both = { token: TOKEN, allowLoopback: true };
    expect(metricsAccess(both, '127.0.0.1', undefined)).toBe('allow');
    expect(metricsAccess(both, '10.0.0.5', undefined)).toBe('unauthenticated');
    expect(metricsAccess(both, '10.0.0.5', `Bearer ${TOKEN}`)).toBe('allow');
  });

  it('knows loopback addresses', () => {
    for (const ip of ['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'])
      expect(isLoopback(ip)).toBe(true);
    for (const ip of ['10.0.0.1', '::ffff:10.0.0.1', '::2', '128.0.0.1', 'localhost', ''])
      expect(isLoopback(ip)).toBe(false);
  });
});
