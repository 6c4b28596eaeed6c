import { domainEvent } from '../common/domain-events.js';

/** A subtree of the tree changing place. Paths are materialised paths ("/rootId/.../id/"). */
export interface SubtreeMove {
  /** The moved organisation's path before and after the move (the same when only its grassroots changed). */
  oldPath: string;
  newPath: string;
  /** The new parent's path (null: top level). */
  newParentPath: string | null;
  /**
   * The grassroots organisation (quota unit) the subtree's cells fall under after the change, when it
   * differs from before; undefined when the cells keep theirs.
   */
  grassrootsId?: string;
}

/** Why another module refuses a move: 409 ORGANIZATION_MOVE_BLOCKED naming the rule. */
export interface MoveViolation {
  rule: string;
  message: string;
}

/**
 * A subtree is about to move (placement checked, nothing written yet). Each subscriber locks what it
 * checks and answers a violation that refuses the move, or null (the evaluations module: cycle
 * boundaries).
 */
export const SubtreeMoving = domainEvent<Omit<SubtreeMove, 'grassrootsId'>, MoveViolation | null>(
  'organization.subtree-moving',
);

/**
 * A subtree moved (its paths are rewritten) or the grassroots organisation over its cells changed:
 * subscribers update their copies of the tree (the evaluations module: evaluations' and cycles' paths).
 */
export const SubtreeMoved = domainEvent<SubtreeMove>('organization.subtree-moved');
