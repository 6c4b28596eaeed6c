import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const MemberErrors = {
  MEMBER_CARD_NUMBER_TAKEN: 'conflict',
  MEMBER_CELL_NOT_A_CELL: 'validation',
  /** An exemption overlapping another of the same member. */
  MEMBER_EXEMPTION_OVERLAP: 'conflict',
} as const satisfies ErrorCatalog;

export const memberError = errorFactory(MemberErrors);
