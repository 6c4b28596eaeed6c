import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import { StudyTheme } from './study-theme.entity.js';

/** The theme in force for an organisation in a year: the nearest one set on its path from the root. */
export function effectiveTheme(em: EntityManager, orgPath: string, year: number): Promise<StudyTheme | null> {
  return em
    .createQueryBuilder(StudyTheme, 't')
    .innerJoin(Organization, 'o', 'o.id = t.organizationId')
    .where(`:orgPath LIKE ("o"."path" || '%')`, { orgPath })
    .andWhere('t.year = :year', { year })
    .orderBy('o.depth', 'DESC')
    .getOne();
}

/** A theme that applies to the organisation (set on it or on a committee above it), or null. */
export function applicableTheme(
  em: EntityManager,
  themeId: string,
  orgPath: string,
): Promise<StudyTheme | null> {
  return em
    .createQueryBuilder(StudyTheme, 't')
    .innerJoin(Organization, 'o', 'o.id = t.organizationId')
    .where('t.id = :themeId', { themeId })
    .andWhere(`:orgPath LIKE ("o"."path" || '%')`, { orgPath })
    .getOne();
}
