import type { SchemaObject } from '@nestjs/swagger';
import { OrganizationNode, OrganizationView } from '../organizations/organizations.responses.js';
import { UserView } from '../users/users.responses.js';
import {
  CommitmentItemView,
  CommitmentSummary,
  CommitmentView,
  DeadlinesView,
  FeedbackView,
} from '../commitments/commitments.responses.js';
import { BrowserSession, Me, TokenPair } from '../auth/auth.responses.js';
import {
  CycleView,
  EvaluationDetail,
  EvaluationView,
  RuleSetView,
} from '../evaluations/evaluations.responses.js';
import { ExemptionView, MemberView } from '../members/members.responses.js';
import { DisciplinaryRecordView } from '../discipline/discipline.responses.js';
import { ConductCheckView } from '../conduct-checks/conduct-checks.responses.js';
import { CatalogItemView, CatalogVersionView } from '../manifestations/manifestations.responses.js';
import { IssueView, MeetingSummary, MeetingView } from '../meetings/meetings.responses.js';
import { StudyThemeView } from '../study-themes/study-themes.responses.js';
import { NotificationSettingsView, NotificationView } from '../notifications/notifications.responses.js';
import { arrayOf, component, object, str } from './schema-kit.js';

/**
 * Shapes shared by several responses, published under `components.schemas` of the OpenAPI document in
 * this order. Each module declares its own in `<module>.responses.ts` (the schema and, derived from
 * it, the type its service returns). Enums come from the modules' constants, so a new status reaches
 * the document by itself; a new field does not (closed objects), on purpose: the response test then
 * fails until it is described, which is where a leaked field gets noticed.
 */

/**
 * API.md: `{ statusCode, code, message, details? }` for every 4xx; details name each failing field
 * (or carry the context of a conflict, e.g. the organisations that block a finalize).
 */
export const ErrorEnvelope = component(
  'ErrorEnvelope',
  object(
    {
      statusCode: { type: 'integer', minimum: 400, maximum: 499 },
      code: { type: 'string', pattern: '^[A-Z][A-Z0-9_]*$' },
      message: str,
      details: {
        oneOf: [
          arrayOf({
            type: 'object',
            required: ['message'],
            properties: { field: str, rule: str, message: str },
          }),
          { type: 'object' },
        ],
      },
    },
    ['details'],
  ),
);

export const RESPONSE_COMPONENTS: Record<string, SchemaObject> = {
  ErrorEnvelope,
  Me,
  TokenPair,
  BrowserSession,
  OrganizationView,
  OrganizationNode,
  MemberView,
  ExemptionView,
  UserView,
  CommitmentSummary,
  CommitmentItemView,
  CommitmentView,
  FeedbackView,
  DeadlinesView,
  CatalogItemView,
  CatalogVersionView,
  StudyThemeView,
  IssueView,
  MeetingSummary,
  MeetingView,
  RuleSetView,
  CycleView,
  EvaluationView,
  EvaluationDetail,
  ConductCheckView,
  DisciplinaryRecordView,
  NotificationView,
  NotificationSettingsView,
};
