import { SOURCE_KINDS } from '../common/source-kinds.js';
import {
  bool,
  component,
  dateTime,
  integer,
  nullable,
  object,
  oneOf,
  type Static,
  str,
  text,
  version,
} from '../common/schema-kit.js';
import { MANIFESTATION_GROUPS, VERIFICATIONS } from './manifestations.rules.js';

/** The shapes manifestations answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const CatalogItemView = component(
  'CatalogItemView',
  object({
    code: integer({ minimum: 1 }),
    /** The manifestation's group; null for the prohibitions. */
    group: nullable(oneOf(MANIFESTATION_GROUPS)),
    /** Wording as far as seen in a source (verbatim, or partial with "[…]"); null when none was found. */
    text: nullable(str),
    /** What a client may print: the text when verified, otherwise the text marked as unverified. */
    displayText: text(),
    verified: bool,
    verification: oneOf(VERIFICATIONS),
    summaryEn: nullable(str),
    draftUnverified: nullable(str),
    topicHint: nullable(str),
    source: nullable(str),
    /** Where the wording comes from (null before version 2). */
    sourceKind: nullable(oneOf(SOURCE_KINDS)),
    note: nullable(str),
    catalogVersion: version,
  }),
);
export type CatalogItemView = Static<typeof CatalogItemView>;

export const CatalogVersionView = component(
  'CatalogVersionView',
  object({
    catalog: oneOf(['manifestation', 'prohibition']),
    version,
    reason: nullable(str),
    createdAt: dateTime,
    current: bool,
  }),
);
export type CatalogVersionView = Static<typeof CatalogVersionView>;
