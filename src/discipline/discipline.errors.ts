import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const DisciplineErrors = {
  DISCIPLINE_DUPLICATE_DECISION: 'conflict',
  DISCIPLINE_MEMBER_EXPELLED: 'conflict',
} as const satisfies ErrorCatalog;

export const disciplineError = errorFactory(DisciplineErrors);
