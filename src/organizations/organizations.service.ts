import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService, diff, snapshot } from '../audit/audit.service.js';
import { AccessService } from '../auth/access.service.js';
import { Actor } from '../auth/actor.js';
import { DomainError } from '../common/domain-error.js';
import { Database } from '../common/database.service.js';
import { updateVersioned } from '../common/versioned-update.js';
import {
  cycleBoundaryViolation,
  followSubtreeMove,
  lockEvaluationCycles,
} from '../evaluations/evaluation-tree-moves.js';
import { Member } from '../members/member.entity.js';
import { Organization } from './organization.entity.js';
import { CreateOrganizationDto, UpdateOrganizationDto } from './organizations.dto.js';
import {
  ancestorIds,
  checkPlacement,
  depthOf,
  grassrootsOf,
  pathOf,
  subtreeRewrite,
  TreeNode,
} from './organizations.rules.js';

export enum OrganizationErrorCode {
  TreeRule = 'ORGANIZATION_TREE_RULE',
  CodeTaken = 'ORGANIZATION_CODE_TAKEN',
  OutOfScope = 'ORGANIZATION_OUT_OF_SCOPE',
  /** A move that would carry evaluations across an evaluation cycle's boundary (details name the rule). */
  MoveBlocked = 'ORGANIZATION_MOVE_BLOCKED',
}

export interface OrganizationView {
  id: string;
  code: string;
  name: string;
  kind: Organization['kind'];
  isGrassroots: boolean;
  parentId: string | null;
  headMemberId: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  children?: OrganizationView[];
}

export function toOrganizationView(o: Organization): OrganizationView {
  return {
    id: o.id,
    code: o.code,
    name: o.name,
    kind: o.kind,
    isGrassroots: o.isGrassroots,
    parentId: o.parentId,
    headMemberId: o.headMemberId,
    version: o.version,
    createdAt: o.createdAt,
    updatedAt: o.updatedAt,
  };
}

@Injectable()
export class OrganizationsService {
  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  /** The part of the tree the caller may see, nested; roots are the tops of the caller's scope. */
  async listOrganizationTree(actor: Actor): Promise<OrganizationView[]> {
    const scope = this.access.scopeOf(actor, 'organization.read');
    const extra = scope.selfCellPath
      ? [{ sql: 'o.path = :selfCell', params: { selfCell: scope.selfCellPath } }]
      : [];
    const cond = this.access.pathCondition(scope, 'o.path', extra);
    const rows = await this.db.read((em) =>
      em
        .createQueryBuilder(Organization, 'o')
        .where(cond.sql, cond.params)
        .orderBy('o.depth')
        .addOrderBy('o.code')
        .getMany(),
    );
    const byId = new Map<string, OrganizationView>();
    const roots: OrganizationView[] = [];
    for (const row of rows) {
      const view: OrganizationView = {
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
      toOrganizationView(await this.access.visibleOrganization(em, actor, 'organization.read', id)),
    );
  }

  async createOrganization(actor: Actor, dto: CreateOrganizationDto): Promise<OrganizationView> {
    return this.db.transaction(async (em) => {
      const scope = this.access.scopeOf(actor, 'organization.manage');
      let parent: Organization | null = null;
      if (dto.parentId === null) {
        if (!scope.all) {
          throw new DomainError(
            OrganizationErrorCode.OutOfScope,
            'forbidden',
            'Only an admin creates top-level committees',
          );
        }
      } else {
        parent = await this.access.visibleOrganization(em, actor, 'organization.manage', dto.parentId);
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
      const org = await this.access.visibleOrganization(em, actor, 'organization.manage', id);
      const scope = this.access.scopeOf(actor, 'organization.manage');
      const before = toOrganizationView(org);
      const moving = dto.parentId !== undefined && dto.parentId !== org.parentId;
      const isScopeRoot = !scope.all && scope.paths.includes(org.path);
      if (isScopeRoot && (moving || dto.isGrassroots !== undefined)) {
        throw new DomainError(
          OrganizationErrorCode.OutOfScope,
          'forbidden',
          'The committee you lead can only be moved or reclassified by the level above',
        );
      }
      if (dto.code !== undefined && dto.code !== org.code) await this.assertCodeFree(em, dto.code);

      let parent: Organization | null = org.parentId
        ? await em.findOneByOrFail(Organization, { id: org.parentId })
        : null;
      if (moving) {
        if (dto.parentId === null) {
          if (!scope.all)
            throw new DomainError(
              OrganizationErrorCode.OutOfScope,
              'forbidden',
              'Only an admin makes top-level committees',
            );
          parent = null;
        } else {
          parent = await this.access.visibleOrganization(em, actor, 'organization.manage', dto.parentId!);
        }
      }
      const next = { kind: org.kind, isGrassroots: dto.isGrassroots ?? org.isGrassroots, path: org.path };
      const newPath = moving ? pathOf(parent?.path ?? null, org.id) : org.path;
      /** The grassroots organisation the subtree's cells fall under after the change, when it changed. */
      let grassrootsId: string | undefined;
      if (moving || dto.isGrassroots !== undefined) {
        const ancestors = parent ? await this.loadNodes(em, [...ancestorIds(parent.path), parent.id]) : [];
        const descendants = await em
          .createQueryBuilder(Organization, 'o')
          .select(['o.id', 'o.kind', 'o.isGrassroots', 'o.path'])
          .where('o.path LIKE :p AND o.id <> :id', { p: `${org.path}%`, id: org.id })
          .getMany();
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
        // Before the check: a reopen of one of these cycles waits for the move, or the move for it.
        await lockEvaluationCycles(em, { move });
        const violation = await cycleBoundaryViolation(em, move);
        if (violation) {
          throw new DomainError(OrganizationErrorCode.MoveBlocked, 'conflict', violation.message, [
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
      if (moving) await this.rebaseSubtree(em, org.path, newPath, org.id);
      if (moving || grassrootsId !== undefined) {
        await followSubtreeMove(em, {
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
   * Rewrites the path and depth of every descendant in one set-based UPDATE, whatever the size of
   * the subtree (the moved organisation itself is already written).
   */
  private async rebaseSubtree(
    em: EntityManager,
    oldPrefix: string,
    newPrefix: string,
    rootId: string,
  ): Promise<void> {
    const { cut, depthDelta } = subtreeRewrite(oldPrefix, newPrefix);
    await em
      .createQueryBuilder()
      .update(Organization)
      .set({
        path: () => `:newPrefix || SUBSTR("path", ${cut})`,
        depth: () => `"depth" + ${depthDelta}`,
      })
      .where(`"path" LIKE :oldPrefix AND "id" <> :rootId`)
      .setParameters({ newPrefix, oldPrefix: `${oldPrefix}%`, rootId })
      .execute();
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
      throw new DomainError(OrganizationErrorCode.TreeRule, 'conflict', violation.message, [
        { field: 'parentId', rule: violation.rule, message: violation.message },
      ]);
    }
  }

  private async assertCodeFree(em: EntityManager, code: string): Promise<void> {
    if (await em.existsBy(Organization, { code })) {
      throw new DomainError(
        OrganizationErrorCode.CodeTaken,
        'conflict',
        `Organisation code ${code} is already used`,
        [{ field: 'code', rule: 'unique', message: 'code is already used' }],
      );
    }
  }

  private async assertHeadInSubtree(em: EntityManager, memberId: string, path: string): Promise<void> {
    const found = await em
      .createQueryBuilder(Member, 'm')
      .innerJoin(Organization, 'c', 'c.id = m.cellId')
      .where('m.id = :memberId AND c.path LIKE :p', { memberId, p: `${path}%` })
      .getExists();
    if (!found)
      throw DomainError.invalidField(
        'headMemberId',
        'inSubtree',
        'headMemberId must be a member of this organisation',
      );
  }
}
