import { describe, expect, it } from 'vitest';
import { issuedGeneration, newRefreshSecret, refreshTagKey } from './tokens.js';

const key = refreshTagKey('một-bí-mật-đủ-dài-cho-các-phiên-đăng-nhập');
const sid = '3f1c2b8e-5d7a-4c1e-9b2f-0a1b2c3d4e5f';
const other = '9a8b7c6d-5d7a-4c1e-9b2f-0a1b2c3d4e5f';

describe(issuedGeneration.name, () => {
  it('names the generation a secret was issued for in its own session', () => {
    for (const g of [0, 1, 42, 1_000_000])
      expect(issuedGeneration(key, sid, newRefreshSecret(key, sid, g))).toBe(g);
  });

  it('knows no secret of another session, another key, or with any part changed', () => {
    const secret = newRefreshSecret(key, sid, 3);
    expect(issuedGeneration(key, other, secret)).toBeNull();
    expect(issuedGeneration(refreshTagKey('một-bí-mật-khác-cũng-đủ-dài-như-vậy'), sid, secret)).toBeNull();
    expect(issuedGeneration(key, sid, `${secret.slice(0, -1)}2`)).toBeNull();
    expect(issuedGeneration(key, sid, `${secret.slice(0, -1)}03`)).toBeNull();
    const flip = (i: number) => `${secret.slice(0, i)}${secret[i] === 'A' ? 'B' : 'A'}${secret.slice(i + 1)}`;
    expect(issuedGeneration(key, sid, flip(0))).toBeNull();
    expect(issuedGeneration(key, sid, flip(50))).toBeNull();
  });

  it('knows nothing of a secret without a tag (issued before tags, or made up)', () => {
    expect(issuedGeneration(key, sid, 'A'.repeat(43))).toBeNull();
    expect(issuedGeneration(key, sid, '')).toBeNull();
  });
});
