import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const AuthErrors = {
  INVALID_CREDENTIALS: 'unauthenticated',
  /** change-password with a wrong currentPassword: the caller is signed in, so 403 (same code). */
  WRONG_CURRENT_PASSWORD: { code: 'INVALID_CREDENTIALS', kind: 'forbidden' },
  INVALID_TOKEN: 'unauthenticated',
  REFRESH_TOKEN_REUSED: 'unauthenticated',
  /** Neither a refreshToken in the body nor the browser's refresh cookie. */
  REFRESH_TOKEN_MISSING: 'unauthenticated',
  /** The account's member was expelled (khai trừ): their membership has ended, so has the account's access. */
  MEMBER_EXPELLED: 'forbidden',
} as const satisfies ErrorCatalog;

export const authError = errorFactory(AuthErrors);

/** Any unusable token (access or refresh): malformed, badly signed, expired, revoked. */
export const invalidToken = () => authError('INVALID_TOKEN', 'Invalid or expired token');
