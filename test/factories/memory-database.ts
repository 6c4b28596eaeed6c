import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { MIGRATIONS } from '../../database/migrations/index.js';
import { Organization } from '../../src/organizations/organization.entity.js';

/**
 * A fresh in-memory SQLite database with every migration applied (the production schema, indexes
 * included), for unit specs of SQL and subscribers. `entities` are the ones the spec reads or writes
 * through TypeORM; the tables of all of them exist whatever is listed.
 */
export async function migratedMemoryDatabase(entities: Array<new () => object>): Promise<DataSource> {
  const ds = new DataSource({
    type: 'better-sqlite3',
    database: ':memory:',
    entities,
    migrations: MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  });
  await ds.initialize();
  return ds;
}

/**
 * Adds an organisation under `parent` (null: top level) with a materialised path, named
 * "Tổ chức <key>" and stored in `into[key]`; committees are grassroots.
 */
export function organizationMaker(em: EntityManager, into: Record<string, Organization>) {
  return async (
    key: string,
    parent: Organization | null,
    kind: 'committee' | 'cell',
  ): Promise<Organization> => {
    const id = randomUUID();
    const path = `${parent?.path ?? '/'}${id}/`;
    await em.insert(Organization, {
      id,
      code: key,
      name: `Tổ chức ${key}`,
      kind,
      isGrassroots: kind === 'committee',
      parentId: parent?.id ?? null,
      path,
      depth: path.split('/').filter(Boolean).length - 1,
      headMemberId: null,
      version: 1,
    });
    into[key] = await em.findOneByOrFail(Organization, { id });
    return into[key];
  };
}
