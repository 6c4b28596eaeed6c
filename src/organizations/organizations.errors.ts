import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';
import type { ClosureViolation } from './organizations.rules.js';

export const OrganizationErrors = {
  ORGANIZATION_TREE_RULE: 'conflict',
  ORGANIZATION_CODE_TAKEN: 'conflict',
  ORGANIZATION_OUT_OF_SCOPE: 'forbidden',
  /** A move that would carry evaluations across an evaluation cycle's boundary (details name the rule). */
  ORGANIZATION_MOVE_BLOCKED: 'conflict',
  /** A closed organisation takes no new children, members or moves. */
  ORGANIZATION_CLOSED: 'conflict',
  /** A closure that breaks a rule of `planClosure` against the tree (details name the field and the rule). */
  ORGANIZATION_CLOSURE_RULE: 'conflict',
  /** A closure request that breaks a rule of `planClosure` by itself: 400, same code. */
  ORGANIZATION_CLOSURE_INVALID: { code: 'ORGANIZATION_CLOSURE_RULE', kind: 'validation' },
} as const satisfies ErrorCatalog;

/** The error a `planClosure` violation answers, by the violation's kind. */
export const CLOSURE_ERROR = {
  validation: 'ORGANIZATION_CLOSURE_INVALID',
  conflict: 'ORGANIZATION_CLOSURE_RULE',
} as const satisfies Record<ClosureViolation['kind'], keyof typeof OrganizationErrors>;

export const organizationError = errorFactory(OrganizationErrors);
