import { Injectable, OnModuleInit } from '@nestjs/common';
import { DomainEvents } from '../common/domain-events.js';
import { SubtreeMoved, SubtreeMoving } from '../organizations/organizations.events.js';
import { cycleBoundaryViolation } from './evaluation-tree-moves.js';
import { followSubtreeMove, lockEvaluationCycles } from './evaluation-tree-moves.repository.js';

/**
 * This module's part in a move of the organisation tree, in the move's transaction: before it, lock
 * the cycles it may touch and refuse a move across a cycle's boundary; after it, carry the paths of
 * evaluations and cycles along (docs/EVALUATION.md, "When an organisation moves").
 */
@Injectable()
export class EvaluationTreeSubscriptions implements OnModuleInit {
  constructor(private readonly events: DomainEvents) {}

  onModuleInit(): void {
    this.events.subscribe(SubtreeMoving, async (em, move) => {
      // Before the check: a reopen of one of these cycles waits for the move, or the move for it.
      await lockEvaluationCycles(em, { move });
      return cycleBoundaryViolation(em, move);
    });
    this.events.subscribe(SubtreeMoved, (em, move) => followSubtreeMove(em, move));
  }
}
