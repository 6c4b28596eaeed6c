import {
  bool,
  component,
  dateTime,
  nullable,
  object,
  type Static,
  str,
  text,
  uuid,
  version,
  year,
} from '../common/schema-kit.js';

/** The shapes study-themes answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const StudyThemeView = component(
  'StudyThemeView',
  object(
    {
      id: uuid,
      organizationId: uuid,
      organizationName: str,
      year,
      title: text(),
      description: nullable(str),
      /** True when this is the theme in force for the organisation asked about. */
      effective: bool,
      version,
      createdAt: dateTime,
    },
    ['effective'],
  ),
);
export type StudyThemeView = Static<typeof StudyThemeView>;
