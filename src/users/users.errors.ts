import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const UserErrors = {
  USERNAME_TAKEN: 'conflict',
  MEMBER_HAS_ACCOUNT: 'conflict',
  ROLE_OUT_OF_SCOPE: 'forbidden',
  /** One's own password changes through POST /api/auth/change-password, with the current one. */
  OWN_PASSWORD_NEEDS_CURRENT: 'forbidden',
  /** The account holds a role at the caller's own level (a co-leader of the same committee). */
  PEER_PASSWORD_RESET: 'forbidden',
  /** Deactivating, reactivating or changing the roles of an account at the caller's own level. */
  PEER_ACCOUNT_CHANGE: 'forbidden',
} as const satisfies ErrorCatalog;

export const userError = errorFactory(UserErrors);
