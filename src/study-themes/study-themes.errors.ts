import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const StudyThemeErrors = {
  STUDY_THEME_DUPLICATE: 'conflict',
} as const satisfies ErrorCatalog;

export const studyThemeError = errorFactory(StudyThemeErrors);
