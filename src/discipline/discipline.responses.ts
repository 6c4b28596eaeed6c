import {
  arrayOf,
  bool,
  component,
  date,
  dateTime,
  integer,
  object,
  oneOf,
  type Static,
  text,
  uuid,
  version,
} from '../common/schema-kit.js';
import { DISCIPLINE_FORMS } from './disciplinary-record.entity.js';

/** The shapes discipline answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const DisciplinaryRecordView = component(
  'DisciplinaryRecordView',
  object({
    id: uuid,
    memberId: uuid,
    cellId: uuid,
    decidedOn: date,
    form: oneOf(DISCIPLINE_FORMS),
    decisionNumber: text(),
    reason: text(),
    prohibitionCodes: arrayOf(integer({ minimum: 1 })),
    prohibitionCatalogVersion: version,
    selfDetectedAndRemedied: bool,
    createdAt: dateTime,
  }),
);
export type DisciplinaryRecordView = Static<typeof DisciplinaryRecordView>;
