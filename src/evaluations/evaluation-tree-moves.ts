import { EntityManager } from 'typeorm';
import type { SubtreeMove } from '../organizations/organizations.events.js';
import { EvaluationCycle } from './evaluation-cycle.entity.js';
import {
  evaluationsOutsideCycle,
  openCycleLeft,
  sameYearCycleAbove,
} from './evaluation-tree-moves.repository.js';

export interface CycleBoundaryViolation {
  rule: 'open_evaluation_cycle' | 'evaluation_cycle_overlap';
  message: string;
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
  const leaving = await openCycleLeft(em, move);
  if (leaving) {
    return {
      rule: 'open_evaluation_cycle',
      message: `Members of this organisation are being evaluated in the open ${leaving.year} cycle of ${leaving.name}: move it within that organisation, or finalize the cycle first`,
    };
  }
  if (move.newParentPath === null) return null;
  const overlap = await sameYearCycleAbove(em, move.oldPath, move.newParentPath);
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
  const out = await evaluationsOutsideCycle(em, cycle);
  const evaluations = Number(out?.evaluations ?? 0);
  if (evaluations === 0) return null;
  const cells = Number(out!.cells);
  const where = cells === 1 ? out!.cell : `${out!.cell} and ${cells - 1} other cell${cells === 2 ? '' : 's'}`;
  return {
    rule: 'evaluations_moved_out',
    message: `${evaluations} evaluation${evaluations === 1 ? '' : 's'} of this cycle now lie outside ${out!.organization}: ${where} moved to another committee after the cycle was finalized. The cycle stays finalized; move the cells back to reopen it`,
  };
}
