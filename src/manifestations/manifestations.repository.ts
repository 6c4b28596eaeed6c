import { EntityManager } from 'typeorm';
import { CatalogName, CatalogVersion } from './catalog.entity.js';

/** The newest version number of a catalog, or null when it has none. */
export async function newestCatalogVersion(em: EntityManager, catalog: CatalogName): Promise<number | null> {
  const row = await em
    .createQueryBuilder(CatalogVersion, 'v')
    .select('MAX(v.version)', 'v')
    .where('v.catalog = :catalog', { catalog })
    .getRawOne<{ v: number | null }>();
  return row?.v ? Number(row.v) : null;
}
