import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const ConductCheckErrors = {
  CONDUCT_CHECK_NOT_OWN: 'forbidden',
  /** The self part of a check made in a cell the member has left (it stays with that cell). */
  CONDUCT_CHECK_CELL_LEFT: 'conflict',
} as const satisfies ErrorCatalog;

export const conductCheckError = errorFactory(ConductCheckErrors);
