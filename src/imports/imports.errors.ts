import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const ImportErrors = {
  IMPORT_FILE_REQUIRED: 'validation',
  IMPORT_FILE_UNREADABLE: 'validation',
  /** Rows that break a rule; details list each row's errors and nothing is imported. */
  IMPORT_INVALID_ROWS: 'validation',
} as const satisfies ErrorCatalog;

export type ImportErrorCode = keyof typeof ImportErrors;

export const importError = errorFactory(ImportErrors);
