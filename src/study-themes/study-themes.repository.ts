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

/** Which themes a listing covers: those applying to one organisation, or those on and above some subtrees. */
export type ThemeFilter =
  | { appliesTo: string; year?: number }
  /** `roots` null: every theme; else themes set in one of these subtrees or on a committee above one. */
  | { roots: string[] | null; year?: number };

/** Themes with their organisation's name, newest year first, the nearest organisation first within a year. */
export async function listThemes(
  em: EntityManager,
  filter: ThemeFilter,
): Promise<{ theme: StudyTheme; organizationName: string }[]> {
  const qb = em
    .createQueryBuilder(StudyTheme, 't')
    .innerJoin(Organization, 'o', 'o.id = t.organizationId')
    .addSelect('o.name', 'organizationName')
    .addSelect('o.depth', 'depth');
  if ('appliesTo' in filter) {
    qb.where(`:targetPath LIKE ("o"."path" || '%')`, { targetPath: filter.appliesTo });
  } else if (filter.roots) {
    const roots = filter.roots;
    const parts = roots.map((_, i) => `("o"."path" LIKE :r${i} OR :p${i} LIKE ("o"."path" || '%'))`);
    const params = Object.fromEntries(
      roots.flatMap((r, i) => [
        [`r${i}`, `${r}%`],
        [`p${i}`, r],
      ]),
    );
    qb.where(`(${parts.join(' OR ')})`, params);
  }
  if (filter.year) qb.andWhere('t.year = :year', { year: filter.year });
  const { entities, raw } = await qb
    .orderBy('t.year', 'DESC')
    .addOrderBy('o.depth', 'DESC')
    .getRawAndEntities<{ organizationName: string }>();
  return entities.map((theme, i) => ({ theme, organizationName: raw[i].organizationName }));
}
