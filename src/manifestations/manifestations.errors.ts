import { errorFactory, type ErrorCatalog } from '../common/domain-error.js';

export const CatalogErrors = {
  CATALOG_VERSION_NOT_FOUND: 'not_found',
  CATALOG_ITEM_NOT_FOUND: 'not_found',
} as const satisfies ErrorCatalog;

export const catalogError = errorFactory(CatalogErrors);
