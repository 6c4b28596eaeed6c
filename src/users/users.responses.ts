import { roleAssignment } from '../auth/auth.responses.js';
import {
  arrayOf,
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
} from '../common/schema-kit.js';

/** The shapes users answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const UserView = component(
  'UserView',
  object({
    id: uuid,
    username: text(),
    memberId: nullable(uuid),
    /** The linked member's full name (null without a member), so a list of accounts reads as people. */
    memberName: nullable(str),
    isActive: bool,
    roles: arrayOf(roleAssignment),
    lastLoginAt: nullable(dateTime),
    version,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
);
export type UserView = Static<typeof UserView>;
