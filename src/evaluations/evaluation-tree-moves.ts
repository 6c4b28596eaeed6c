import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity.js';
import type { SubtreeMove } from '../organizations/organizations.events.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import { Evaluation } from './evaluation.entity.js';

export interface CycleBoundaryViolation {
  rule: 'open_evaluation_cycle' | 'evaluation_cycle_overlap';
  message: string;
}

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
 * Evaluation cycles are the boundary a move must respect (docs/EVALUATION.md, "When an organisation
 * moves"): evaluations of an open cycle never leave that cycle's subtree, and a cycle carried along
 * never ends up below a cycle of the same year. Two indexed lookups; null when the move may go ahead.
 */
export async function cycleBoundaryViolation(
  em: EntityManager,
  move: SubtreeMove,
): Promise<CycleBoundaryViolation | null> {
  const leaving = await em
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
  if (leaving) {
    return {
      rule: 'open_evaluation_cycle',
      message: `Members of this organisation are being evaluated in the open ${leaving.year} cycle of ${leaving.name}: move it within that organisation, or finalize the cycle first`,
    };
  }
  if (move.newParentPath === null) return null;
  const overlap = await em
    .createQueryBuilder(EvaluationCycle, 'd')
    .innerJoin(EvaluationCycle, 'c', 'c.year = d.year')
    .innerJoin(Organization, 'o', 'o.id = c.organizationId')
    .select(['d.year AS "year"', 'o.name AS "name"'])
    .where('d.organizationPath LIKE :oldPrefix')
    .andWhere(`:newParentPath LIKE c.organizationPath || '%'`)
    .setParameters({ oldPrefix: prefixOf(move.oldPath), newParentPath: move.newParentPath })
    .orderBy('d.year')
    .limit(1)
    .getRawOne<{ year: number; name: string }>();
  if (overlap) {
    return {
      rule: 'evaluation_cycle_overlap',
      message: `This organisation carries a ${overlap.year} evaluation cycle and ${overlap.name} above the new place has one too: the same members would be evaluated twice`,
    };
  }
  return null;
}

export interface CycleReopenViolation {
  rule: 'evaluations_moved_out';
  message: string;
}

/**
 * The same boundary seen from the cycle: a move may carry evaluations out of a finalized cycle's
 * organisation (it is locked), but then the cycle may not be reopened. Its evaluations would be decided
 * by the leaders of the cells' new committee inside another committee's round, and the cycle managed by
 * leaders who no longer see them. One lookup over the cycle's evaluations (by cycleId); null when every
 * evaluation's cell still lies in the cycle's organisation (cells moved within it are fine).
 */
export async function cycleReopenViolation(
  em: EntityManager,
  cycle: Pick<EvaluationCycle, 'id' | 'organizationId' | 'organizationPath'>,
): Promise<CycleReopenViolation | null> {
  const out = await em
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
  const evaluations = Number(out?.evaluations ?? 0);
  if (evaluations === 0) return null;
  const cells = Number(out!.cells);
  const where = cells === 1 ? out!.cell : `${out!.cell} and ${cells - 1} other cell${cells === 2 ? '' : 's'}`;
  return {
    rule: 'evaluations_moved_out',
    message: `${evaluations} evaluation${evaluations === 1 ? '' : 's'} of this cycle now lie outside ${out!.organization}: ${where} moved to another committee after the cycle was finalized. The cycle stays finalized; move the cells back to reopen it`,
  };
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
