import { describe, expect, it } from 'vitest';
import { generatePassword, PASSWORD_ALPHABET, passwordProblem } from './password';

describe('a temporary password', () => {
  it('is four groups of four characters without look-alikes, long enough for the API', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[^-]{4}-[^-]{4}-[^-]{4}-[^-]{4}$/);
    for (const c of password.replaceAll('-', '')) expect(PASSWORD_ALPHABET).toContain(c);
    expect(password).not.toMatch(/[0O1lI]/);
    expect(passwordProblem(password)).toBeNull();
  });

  it('takes each character from the random words it is given', () => {
    const words = Uint32Array.from({ length: 16 }, (_, i) => i);
    expect(generatePassword(() => words)).toBe('abcd-efgh-ijkm-npqr');
    expect(generatePassword()).not.toBe(generatePassword());
  });

  it('counts characters as a person sees them, as the API does', () => {
    expect(passwordProblem('Mật-khẩu-ngắn')).toBeNull(); // 13 characters, more UTF-16 units
    expect(passwordProblem('ngắn-quá')).toBe('Cần ít nhất 12 ký tự.');
    expect(passwordProblem('x'.repeat(129))).toBe('Dài quá mức cho phép (tối đa 128 ký tự).');
  });
});
