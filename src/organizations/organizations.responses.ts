import {
  arrayOf,
  bool,
  component,
  date,
  dateTime,
  extend,
  nullable,
  object,
  oneOf,
  selfRef,
  type S,
  type Static,
  text,
  uuid,
  version,
} from '../common/schema-kit.js';

/** The shapes organizations answers (common/schema-kit.ts: the schema and its type in one declaration). */

export const OrganizationView = component(
  'OrganizationView',
  object({
    id: uuid,
    code: text(),
    name: text(),
    kind: oneOf(['committee', 'cell']),
    isGrassroots: bool,
    parentId: nullable(uuid),
    headMemberId: nullable(uuid),
    closedOn: nullable(date),
    closure: nullable(oneOf(['merged', 'split'])),
    successorIds: nullable(arrayOf(uuid)),
    version,
    createdAt: dateTime,
    updatedAt: dateTime,
  }),
);
export type OrganizationView = Static<typeof OrganizationView>;

/** The tree of GET /api/organizations: a node's children, when it has any visible. */
export type OrganizationNode = OrganizationView & { children?: OrganizationNode[] };
export const OrganizationNode: S<OrganizationNode> = component(
  'OrganizationNode',
  extend(OrganizationView, { children: arrayOf(selfRef<OrganizationNode>('OrganizationNode')) }, [
    'children',
  ]),
);
