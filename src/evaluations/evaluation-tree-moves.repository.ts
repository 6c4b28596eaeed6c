import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import type { SubtreeMove } from '../organizations/organizations.events.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { Evaluation } from './evaluation.entity.js';

/** The SQL of a subtree move as this module sees it (evaluation-tree-moves.ts decides with it). */

const prefixOf = (path: string) => `${path}%`;

/**
 * Locks the evaluation cycle rows a move or a reopen is about to check, before the check, so the two
 * cannot interleave on PostgreSQL (READ COMMITTED, overlapping transactions): a reopen that checked
 * "nothing moved out" could otherwise commit `open` over a move that checked "finalized" and then
 * rewrote the paths. `{ cycleId }` is the reopen's own cycle; `{ move }` every cycle whose checks the
 * move reads or whose evaluations it can carry: cycles of the moved organisation's ancestors, of the
 * subtree, and of the new parent and its ancestors, whatever their status. Rows are locked in id order,
 * so two moves never wait on each other crosswise. The caller's next statements (READ COMMITTED) see
 * what a transaction that held a lock committed. SQLite has no row locks and needs none: its writes
 * already run one at a time under the Database writer lock, so this is a no-op there.
 */
export async function lockEvaluationCycles(
  em: EntityManager,
  target: { cycleId: string } | { move: Pick<SubtreeMove, 'oldPath' | 'newParentPath'> },
): Promise<void> {
  if (em.dataSource.options.type === 'better-sqlite3') return;
  const qb = em.createQueryBuilder(EvaluationCycle, 'c').select('c.id');
  if ('cycleId' in target) {
    qb.where('c.id = :cycleId', { cycleId: target.cycleId });
  } else {
    const { oldPath, newParentPath } = target.move;
    qb.where(`:oldPath LIKE c.organizationPath || '%'`, { oldPath }).orWhere(
      'c.organizationPath LIKE :oldPrefix',
      { oldPrefix: prefixOf(oldPath) },
    );
    if (newParentPath !== null) {
      qb.orWhere(`:newParentPath LIKE c.organizationPath || '%'`, { newParentPath });
    }
  }
  await qb.orderBy('c.id').setLock('pessimistic_write').getRawMany();
}

/**
 * The earliest open cycle of an organisation above the moved one (not the moved one itself) that the
 * new place is not under and that has evaluations of the moved subtree's cells: its year and name.
 */
export function openCycleLeft(
  em: EntityManager,
  move: SubtreeMove,
): Promise<{ year: number; name: string } | undefined> {
  return em
    .createQueryBuilder(EvaluationCycle, 'c')
    .innerJoin(Organization, 'o', 'o.id = c.organizationId')
    .select(['c.year AS "year"', 'o.name AS "name"'])
    .where(`c.status = 'open'`)
    .andWhere(`:oldPath LIKE c.organizationPath || '%' AND c.organizationPath <> :oldPath`)
    .andWhere(`NOT (:newPath LIKE c.organizationPath || '%')`)
    .andWhere(
      `EXISTS (SELECT 1 FROM "evaluation" e WHERE e."cycleId" = c.id AND e."cellPath" LIKE :oldPrefix)`,
    )
    .setParameters({ oldPath: move.oldPath, newPath: move.newPath, oldPrefix: prefixOf(move.oldPath) })
    .orderBy('c.year')
    .limit(1)
    .getRawOne<{ year: number; name: string }>();
}

/**
 * The earliest year in which a cycle of the moved subtree meets a cycle of the same year of the new
 * parent or one of its ancestors: that year and the upper cycle's organisation name.
 */
export function sameYearCycleAbove(
  em: EntityManager,
  oldPath: string,
  newParentPath: string,
): Promise<{ year: number; name: string } | undefined> {
  return em
    .createQueryBuilder(EvaluationCycle, 'd')
    .innerJoin(EvaluationCycle, 'c', 'c.year = d.year')
    .innerJoin(Organization, 'o', 'o.id = c.organizationId')
    .select(['d.year AS "year"', 'o.name AS "name"'])
    .where('d.organizationPath LIKE :oldPrefix')
    .andWhere(`:newParentPath LIKE c.organizationPath || '%'`)
    .setParameters({ oldPrefix: prefixOf(oldPath), newParentPath })
    .orderBy('d.year')
    .limit(1)
    .getRawOne<{ year: number; name: string }>();
}

/**
 * The cycle's evaluations whose cell lies outside the cycle's organisation: how many, over how many
 * cells, the first cell's name and the organisation's name.
 */
export function evaluationsOutsideCycle(
  em: EntityManager,
  cycle: Pick<EvaluationCycle, 'id' | 'organizationId' | 'organizationPath'>,
): Promise<
  { evaluations: number | string; cells: number | string; cell: string; organization: string } | undefined
> {
  return em
    .createQueryBuilder(Evaluation, 'e')
    .innerJoin(Organization, 'c', 'c.id = e.cellId')
    .innerJoin(Organization, 'g', 'g.id = :organizationId')
    .select([
      'COUNT(*) AS "evaluations"',
      'COUNT(DISTINCT e.cellId) AS "cells"',
      'MIN(c.name) AS "cell"',
      'MIN(g.name) AS "organization"',
    ])
    .where('e.cycleId = :cycleId')
    .andWhere('NOT (e.cellPath LIKE :prefix)')
    .setParameters({
      cycleId: cycle.id,
      organizationId: cycle.organizationId,
      prefix: prefixOf(cycle.organizationPath),
    })
    .getRawOne<{
      evaluations: number | string;
      cells: number | string;
      cell: string;
      organization: string;
    }>();
}

/**
 * Keeps the copies of the tree this module stores true after a move: every evaluation of a cell in the
 * subtree gets the cell's new path (and the new grassroots organisation when it changed), every cycle
 * of an organisation in the subtree its organisation's new path. One set-based UPDATE per table,
 * whatever the size of the subtree, in the caller's transaction; versions are left alone (no workflow
 * step happened). Audit entries keep the path they were written with on purpose (history).
 */
export async function followSubtreeMove(em: EntityManager, move: SubtreeMove): Promise<void> {
  const params = { newPath: move.newPath, oldPrefix: prefixOf(move.oldPath) };
  const tail = (column: string) => `:newPath || SUBSTR("${column}", ${move.oldPath.length + 1})`;
  const moved = move.oldPath !== move.newPath;
  if (moved || move.grassrootsId !== undefined) {
    await em
      .createQueryBuilder()
      .update(Evaluation)
      .set({
        ...(moved ? { cellPath: () => tail('cellPath') } : {}),
        ...(move.grassrootsId !== undefined ? { grassrootsId: move.grassrootsId } : {}),
      })
      .where(`"cellPath" LIKE :oldPrefix`)
      .setParameters(params)
      .execute();
  }
  if (moved) {
    await em
      .createQueryBuilder()
      .update(EvaluationCycle)
      .set({ organizationPath: () => tail('organizationPath') })
      .where(`"organizationPath" LIKE :oldPrefix`)
      .setParameters(params)
      .execute();
  }
}
