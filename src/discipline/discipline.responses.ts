import {
  arrayOf,
  bool,
  component,
  date,
  dateTime,
  integer,
  nullable,
  object,
  oneOf,
  page,
  ref,
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

/** GET /api/members/{id}/disciplinary-records: a page of them, with the expulsion's date if any. */
export const DisciplinaryRecordPage = page(ref(DisciplinaryRecordView), { expelledOn: nullable(date) });
export type DisciplinaryRecordPage = Static<typeof DisciplinaryRecordPage>;
