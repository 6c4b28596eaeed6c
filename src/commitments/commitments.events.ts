import { domainEvent } from '../common/domain-events.js';
import { CommitmentAction, PeriodType } from './commitments.rules.js';

/** The commitment fields subscribers are given (the commitment row itself is passed). */
export interface CommitmentRef {
  id: string;
  memberId: string;
  cellId: string;
  year: number;
  periodType: PeriodType;
  /** 0 for yearly, else the quarter or month (the commitment table's periodKey). */
  periodKey: number;
}

/** A workflow step was taken on a commitment (every step but create), after its history and audit rows. */
export const CommitmentStepTaken = domainEvent<{
  commitment: CommitmentRef;
  action: CommitmentAction;
  reason: string | null;
}>('commitment.step-taken');

/** Feedback (góp ý) was written on a commitment, before its audit row. */
export const CommitmentFeedbackPosted = domainEvent<{
  commitment: CommitmentRef;
  authorUserId: string;
  /** The author's member record (null for an account without one): its own commitment's owner. */
  authorMemberId: string | null;
  feedbackId: string;
}>('commitment.feedback-posted');
