import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { pathCondition, scopeOf } from '../common/scope.js';
import { visibleOrganization } from './visible-organization.js';
import { Actor } from '../common/actor.js';
import { vnToday } from '../common/dates.js';
import { DomainError } from '../common/domain-error.js';
import { CLOSURE_ERROR, organizationError } from './organizations.errors.js';
import { Database } from '../common/database.service.js';
import { DomainEvents } from '../common/domain-events.js';
import { updateVersioned } from '../common/versioned-update.js';
import { OrganizationMembersPort } from './organization-members.js';
import { Organization } from './organization.entity.js';
import {
  descendantNodes,
  openChildren,
  organizationsWhere,
  rebaseSubtree,
} from './organizations.repository.js';
import type { OrganizationNode, OrganizationView } from './organizations.responses.js';
import {
  CloseOrganizationDto,
  CreateOrganizationDto,
  OrganizationTreeQuery,
  UpdateOrganizationDto,
} from './organizations.dto.js';
import {
  ancestorIds,
  checkPlacement,
  depthOf,
  grassrootsOf,
  pathOf,
  planClosure,
  TreeNode,
} from './organizations.rules.js';
import { MoveViolation, SubtreeMove, SubtreeMoved, SubtreeMoving } from './organizations.events.js';

export function toOrganizationView(o: Organization): OrganizationView {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    isGrassroots: o.isGrassroots,
    parentId: o.parentId,
    headMemberId: o.headMemberId,
    closedOn: o.closedOn ?? null,
    closure: o.closure ?? null,
    successorIds: o.successorIds ?? null,
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditService,
    private readonly events: DomainEvents,
    private readonly members: OrganizationMembersPort,
  ) {}

  /**
   * The part of the tree the caller may see, nested; roots are the tops of the caller's scope. Closed
   * organisations (and what still hangs under them) are left out unless `includeClosed`.
   */
  async listOrganizationTree(actor: Actor, q: OrganizationTreeQuery = {}): Promise<OrganizationNode[]> {
    const scope = scopeOf(actor, 'organization.read');
    const extra = scope.selfCellPath
      ? [{ sql: 'o.path = :selfCell', params: { selfCell: scope.selfCellPath } }]
      : [];
    const cond = pathCondition(scope, 'o.path', extra);
    const rows = await this.db.read((em) => organizationsWhere(em, cond, Boolean(q.includeClosed)));
    const byId = new Map<string, OrganizationNode>();
    const roots: OrganizationNode[] = [];
    for (const row of rows) {
      const view: OrganizationNode = {
        ...toOrganizationView(row),
        children: row.kind === 'committee' ? [] : undefined,
      };
      byId.set(row.id, view);
      const parent = row.parentId ? byId.get(row.parentId) : undefined;
      if (parent?.children) parent.children.push(view);
      else roots.push(view);
    }
    return roots;
  }

  async getOrganization(actor: Actor, id: string): Promise<OrganizationView> {
    return this.db.read(async (em) =>
      toOrganizationView(await visibleOrganization(em, actor, 'organization.read', id)),
    );
  }

  async createOrganization(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.db.transaction(async (em) => {
      const scope = scopeOf(actor, 'organization.manage');
      let parent: Organization | null = null;
      if (dto.parentId === null) {
        if (!scope.all) {
          throw organizationError('ORGANIZATION_OUT_OF_SCOPE', 'Only an admin creates top-level committees');
        }
      } else {
        parent = await visibleOrganization(em, actor, 'organization.manage', dto.parentId);
        this.assertOpen(parent, 'parentId');
      }
      const ancestors = parent ? await this.loadNodes(em, [...ancestorIds(parent.path), parent.id]) : [];
      this.assertPlacement(checkPlacement(dto, parent, ancestors));
      await this.assertCodeFree(em, dto.code);
      const org = em.create(Organization, {
        code: dto.code,
        name: dto.name.trim(),
        kind: dto.kind,
        isGrassroots: dto.isGrassroots,
        parentId: parent?.id ?? null,
        path: '/pending/',
        depth: 0,
        headMemberId: null,
        version: 1,
      });
      await em.save(org);
      org.path = pathOf(parent?.path ?? null, org.id);
      org.depth = depthOf(org.path);
      await em.update(Organization, { id: org.id }, { path: org.path, depth: org.depth });
      await this.audit.record(em, actor, {
        action: 'organization.create',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: org.path,
        changes: snapshot(toOrganizationView(org)),
      });
      return toOrganizationView(org);
    });
  }

  async updateOrganization(actor: Actor, id: string, dto: UpdateOrganizationDto): Promise<OrganizationView> {
    return this.db.transaction(async (em) => {
      const org = await visibleOrganization(em, actor, 'organization.manage', id);
      const scope = scopeOf(actor, 'organization.manage');
      const before = toOrganizationView(org);
      const moving = dto.parentId !== undefined && dto.parentId !== org.parentId;
      const isScopeRoot = !scope.all && scope.paths.includes(org.path);
      if (isScopeRoot && (moving || dto.isGrassroots !== undefined)) {
        throw organizationError(
          'ORGANIZATION_OUT_OF_SCOPE',
          'The committee you lead can only be moved or reclassified by the level above',
        );
      }
      if (dto.code !== undefined && dto.code !== org.code) await this.assertCodeFree(em, dto.code);
      if (moving) this.assertOpen(org, 'parentId');

      let parent: Organization | null = org.parentId
        ? await em.findOneByOrFail(Organization, { id: org.parentId })
        : null;
      if (moving) {
        if (dto.parentId === null) {
          if (!scope.all)
            throw organizationError('ORGANIZATION_OUT_OF_SCOPE', 'Only an admin makes top-level committees');
          parent = null;
        } else {
          parent = await visibleOrganization(em, actor, 'organization.manage', dto.parentId!);
          this.assertOpen(parent, 'parentId');
        }
      }
      const next = { kind: org.kind, isGrassroots: dto.isGrassroots ?? org.isGrassroots, path: org.path };
      const newPath = moving ? pathOf(parent?.path ?? null, org.id) : org.path;
      /** The grassroots organisation the subtree's cells fall under after the change, when it changed. */
      let grassrootsId: string | undefined;
      if (moving || dto.isGrassroots !== undefined) {
        const ancestors = parent ? await this.loadNodes(em, [...ancestorIds(parent.path), parent.id]) : [];
        const descendants = await descendantNodes(em, org);
        this.assertPlacement(checkPlacement(next, parent, ancestors, descendants));
        const before = grassrootsOf(
          org,
          moving ? await this.loadNodes(em, ancestorIds(org.path)) : ancestors,
        );
        const after = grassrootsOf({ id: org.id, isGrassroots: next.isGrassroots }, ancestors);
        if (after !== null && after !== before) grassrootsId = after;
      }
      if (moving) {
        const move = { oldPath: org.path, newPath, newParentPath: parent?.path ?? null };
        const violation = await this.moveViolation(em, move);
        if (violation) {
          throw organizationError('ORGANIZATION_MOVE_BLOCKED', violation.message, [
            { field: 'parentId', rule: violation.rule, message: violation.message },
          ]);
        }
      }
      if (dto.headMemberId) await this.assertHeadInSubtree(em, dto.headMemberId, org.path);

      const changes: Partial<Organization> = {};
      if (dto.code !== undefined) changes.code = dto.code;
      if (dto.name !== undefined) changes.name = dto.name.trim();
      if (dto.isGrassroots !== undefined) changes.isGrassroots = dto.isGrassroots;
      if (dto.headMemberId !== undefined) changes.headMemberId = dto.headMemberId;
      if (moving) {
        changes.parentId = parent?.id ?? null;
        changes.path = newPath;
        changes.depth = depthOf(newPath);
      }
      const version = await updateVersioned(em, Organization, org.id, dto.version, changes);
      if (moving) await rebaseSubtree(em, org.path, newPath, org.id);
      if (moving || grassrootsId !== undefined) {
        await this.events.publish(em, SubtreeMoved, {
          oldPath: org.path,
          newPath,
          newParentPath: parent?.path ?? null,
          grassrootsId,
        });
      }
      const after = { ...org, ...changes, version };
      await this.audit.record(em, actor, {
        action: moving ? 'organization.move' : 'organization.update',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: after.path,
        changes: diff(before, toOrganizationView(after)),
      });
      return toOrganizationView({ ...after, updatedAt: new Date() });
    });
  }

  /**
   * Closes an organisation (merged into one successor or split among several, on `closedOn`): its open
   * direct children move under their successors in the same transaction, each as a move would
   * (placement rules, evaluation-cycle boundaries, paths of the subtree, evaluations and cycles), then
   * the organisation is marked closed. It keeps its row, place, path and records: past years' reports
   * still count them, and it stays readable; it drops out of the tree list unless asked for.
   */
  async closeOrganization(actor: Actor, id: string, dto: CloseOrganizationDto): Promise<OrganizationView> {
    return this.db.transaction(async (em) => {
      const org = await visibleOrganization(em, actor, 'organization.manage', id);
      const scope = scopeOf(actor, 'organization.manage');
      if (!scope.all && scope.paths.includes(org.path))
        throw organizationError(
          'ORGANIZATION_OUT_OF_SCOPE',
          'The committee you lead can only be closed by the level above',
        );
      const successors: Organization[] = [];
      for (const sid of dto.successorIds)
        successors.push(await visibleOrganization(em, actor, 'organization.manage', sid));
      const children = await openChildren(em, org.id);
      const members = org.kind === 'cell' ? await this.members.onRoll(em, org.id) : 0;
      const plan = planClosure(org, dto, successors, children, members, vnToday());
      if ('violation' in plan) {
        const v = plan.violation;
        throw organizationError(CLOSURE_ERROR[v.kind], v.message, [
          { field: v.field, rule: v.rule, message: v.message },
        ]);
      }
      const version = await updateVersioned(em, Organization, org.id, dto.version, {
        closedOn: dto.closedOn,
        closure: dto.mode === 'merge' ? 'merged' : 'split',
        successorIds: dto.successorIds,
      });
      const byId = new Map(successors.map((s) => [s.id, s]));
      const childById = new Map(children.map((c) => [c.id, c]));
      for (const m of plan.moves)
        await this.moveChild(em, actor, childById.get(m.childId)!, byId.get(m.toId)!);
      const after: Organization = {
        ...org,
        closedOn: dto.closedOn,
        closure: dto.mode === 'merge' ? 'merged' : 'split',
        successorIds: dto.successorIds,
        version,
      };
      await this.audit.record(em, actor, {
        action: 'organization.close',
        entityType: 'organization',
        entityId: org.id,
        organizationPath: org.path,
        reason: dto.reason ?? null,
        changes: {
          ...diff(toOrganizationView(org), toOrganizationView(after)),
          moves: plan.moves,
        },
      });
      return toOrganizationView({ ...after, updatedAt: new Date() });
    });
  }

  /**
   * One open child of a closing organisation placed under its successor: the same checks and
   * rewrites as a move through `updateOrganization` (placement, evaluation-cycle boundary, subtree
   * paths, evaluations and cycles), audited as a move.
   */
  private async moveChild(
    em: EntityManager,
    actor: Actor,
    child: Organization,
    parent: Organization,
  ): Promise<void> {
    const ancestors = await this.loadNodes(em, [...ancestorIds(parent.path), parent.id]);
    const descendants = await descendantNodes(em, child);
    const violation = checkPlacement(child, parent, ancestors, descendants);
    if (violation)
      throw organizationError('ORGANIZATION_TREE_RULE', `${child.name}: ${violation.message}`, [
        { field: 'moves', rule: violation.rule, message: violation.message },
      ]);
    const newPath = pathOf(parent.path, child.id);
    const move = { oldPath: child.path, newPath, newParentPath: parent.path };
    const blocked = await this.moveViolation(em, move);
    if (blocked)
      throw organizationError('ORGANIZATION_MOVE_BLOCKED', `${child.name}: ${blocked.message}`, [
        { field: 'moves', rule: blocked.rule, message: blocked.message },
      ]);
    const before = grassrootsOf(child, await this.loadNodes(em, ancestorIds(child.path)));
    const after = grassrootsOf(child, ancestors);
    const changes = { parentId: parent.id, path: newPath, depth: depthOf(newPath) };
    await updateVersioned(em, Organization, child.id, child.version, changes);
    await rebaseSubtree(em, child.path, newPath, child.id);
    await this.events.publish(em, SubtreeMoved, {
      ...move,
      grassrootsId: after !== null && after !== before ? after : undefined,
    });
    await this.audit.record(em, actor, {
      action: 'organization.move',
      entityType: 'organization',
      entityId: child.id,
      organizationPath: newPath,
      changes: diff(toOrganizationView(child), toOrganizationView({ ...child, ...changes })),
    });
  }

  /**
   * Asks the other modules whether a subtree may move (`SubtreeMoving`: the evaluations module locks
   * and checks its cycles' boundaries); the first violation refuses it.
   */
  private async moveViolation(
    em: EntityManager,
    move: Omit<SubtreeMove, 'grassrootsId'>,
  ): Promise<MoveViolation | null> {
    return (await this.events.publish(em, SubtreeMoving, move)).find((v) => v !== null) ?? null;
  }

  /** A closed organisation takes no new children, members or moves: 409 naming `field`. */
  private assertOpen(org: Organization, field: string): void {
    if (org.closedOn)
      throw organizationError('ORGANIZATION_CLOSED', `${org.name} is closed (${org.closedOn})`, [
        { field, rule: 'open', message: `${org.name} was closed on ${org.closedOn}` },
      ]);
  }

  private async loadNodes(em: EntityManager, ids: string[]): Promise<TreeNode[]> {
    if (ids.length === 0) return [];
    return em.find(Organization, {
      where: { id: In(ids) },
      select: { id: true, kind: true, isGrassroots: true, path: true },
    });
  }

  private assertPlacement(violation: ReturnType<typeof checkPlacement>): void {
    if (violation) {
      throw organizationError('ORGANIZATION_TREE_RULE', violation.message, [
        { field: 'parentId', rule: violation.rule, message: violation.message },
      ]);
    }
  }

  private async assertCodeFree(em: EntityManager, code: string): Promise<void> {
    if (await em.existsBy(Organization, { code })) {
      throw organizationError('ORGANIZATION_CODE_TAKEN', `Organisation code ${code} is already used`, [
        { field: 'code', rule: 'unique', message: 'code is already used' },
      ]);
    }
  }

  private async assertHeadInSubtree(em: EntityManager, memberId: string, path: string): Promise<void> {
    if (!(await this.members.inSubtree(em, memberId, path)))
      throw DomainError.invalidField(
        'headMemberId',
        'inSubtree',
        'headMemberId must be a member of this organisation',
      );
  }
}
