import { EntityManager } from 'typeorm';
import { hydrate, param, selectColumns } from '../common/raw-rows.js';
import { Organization } from './organization.entity.js';

/** An organisation by id, or null (a prepared statement: it runs on most requests, raw-rows.ts). */
export async function organizationById(em: EntityManager, id: string): Promise<Organization | null> {
  const rows: Array<Record<string, unknown>> = await em.query(
    `SELECT ${selectColumns(em, Organization, 'o')} FROM "organization" "o" WHERE "o"."id" = ${param(em, 1)}`,
    [id],
  );
  return rows[0] ? hydrate(em, Organization, rows[0], 'o') : null;
}
