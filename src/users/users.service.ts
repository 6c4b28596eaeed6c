import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { AccessService, Scope } from '../access/access.service.js';
import { Actor, systemActor } from '../common/actor.js';
import { PASSWORD_MAX, PASSWORD_MIN, PasswordHasher, passwordLength } from '../auth/passwords.js';
import { createAccount, replaceRoles, revokeSessions, updateAccount } from '../auth/accounts.js';
import { APP_CONFIG, AppConfig } from '../config/config.js';
import { commonError, DomainError } from '../common/domain-error.js';
import { userError } from './users.errors.js';
import { AdvisoryLock } from '../common/advisory-locks.js';
import { Database } from '../common/database.service.js';
import { Page, pageOf } from '../common/pagination.js';
import { Member } from '../members/member.entity.js';
import { Organization } from '../organizations/organization.entity.js';
import { RoleAssignment } from '../auth/role-assignment.entity.js';
import { User } from '../auth/user.entity.js';
import { CreateUserDto, RoleInputDto, UpdateUserDto, UserQuery } from './users.dto.js';
import { roleHolderProblem, roleScopeProblem, strictlyBelow } from './users.rules.js';
import type { UserView } from './users.responses.js';
import {
  AccountReach,
  accountInReach,
  accountsPage,
  firstRolePath,
  memberCellPath,
  rolesWithPaths,
} from './users.repository.js';

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    private readonly db: Database,
    private readonly access: AccessService,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Creates the first admin on an empty system (idempotent: a second start changes nothing). */
  async onApplicationBootstrap(): Promise<void> {
    const { username, password } = this.config.admin;
    const exists = await this.db.read((em) => em.existsBy(User, { username }));
    if (exists) return;
    const generated = password === null;
    const secret = password ?? randomBytes(18).toString('base64url');
    const hash = await this.hasher.hash(secret);
    // Several processes starting at once on one PostgreSQL database: one creates it.
    const run = await this.db.exclusively(AdvisoryLock.FirstAdmin, () =>
      this.db.transaction(async (em) => {
        if (await em.existsBy(User, { username })) return false;
        const user = await createAccount(em, { username, passwordHash: hash, memberId: null }, [
          { role: 'admin', organizationId: null },
        ]);
        await this.audit.record(em, systemActor('bootstrap'), {
          action: 'user.create',
          entityType: 'user',
          entityId: user.id,
          changes: { username, roles: ['admin'] },
        });
        return true;
      }),
    );
    const created = run.ran && run.value;
    if (created && generated) {
      this.logger.warn(
        `Created the first admin account "${username}" with the generated password: ${secret}`,
      );
      this.logger.warn(
        'This password is shown only once. Log in and change it (POST /api/auth/change-password).',
      );
    } else if (created) {
      this.logger.log(`Created the first admin account "${username}" from ADMIN_PASSWORD`);
    }
  }

  async listUsers(actor: Actor, q: UserQuery): Promise<Page<UserView>> {
    return this.db.read(async (em) => {
      const scope = this.access.scopeOf(actor, 'user.manage');
      const [rows, total] = await accountsPage(em, this.reachOf(scope), q.q, q);
      return pageOf(await this.views(em, rows), total, q);
    });
  }

  async getUser(actor: Actor, id: string): Promise<UserView> {
    return this.db.read(async (em) => (await this.views(em, [await this.loadInScope(em, actor, id)]))[0]);
  }

  async createUser(actor: Actor, dto: CreateUserDto): Promise<UserView> {
    this.assertPassword('password', dto.password);
    const hash = await this.hasher.hash(dto.password);
    return this.db.transaction(async (em) => {
      const scope = this.access.scopeOf(actor, 'user.manage');
      if (await em.existsBy(User, { username: dto.username })) {
        throw userError('USERNAME_TAKEN', 'username is already taken', [
          { field: 'username', rule: 'unique', message: 'username is already taken' },
        ]);
      }
      if (dto.memberId) await this.assertMemberLinkable(em, actor, dto.memberId);
      const roles = await this.checkRoles(em, scope, dto.roles, Boolean(dto.memberId));
      this.assertReachable(roles, dto.memberId);
      const user = await createAccount(
        em,
        { username: dto.username, passwordHash: hash, memberId: dto.memberId ?? null },
        roles,
      );
      await this.audit.record(em, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: user.id,
        organizationPath: roles[0]?.path ?? (user.memberId ? await memberCellPath(em, user.memberId) : null),
        changes: {
          username: user.username,
          memberId: user.memberId,
          roles: roles.map(({ role, organizationId }) => ({ role, organizationId })),
        },
      });
      return (await this.views(em, [user]))[0];
    });
  }

  async updateUser(actor: Actor, id: string, dto: UpdateUserDto): Promise<UserView> {
    if (dto.password !== undefined) this.assertPassword('password', dto.password);
    const hash = dto.password !== undefined ? await this.hasher.hash(dto.password) : undefined;
    return this.db.transaction(async (em) => {
      const user = await this.loadInScope(em, actor, id);
      if (user.id === actor.userId && hash) {
        // Without the current password a stolen 15-minute access token would become the account.
        throw userError(
          'OWN_PASSWORD_NEEDS_CURRENT',
          'Change your own password with POST /api/auth/change-password and your current password',
          [{ field: 'password', rule: 'notOwn', message: 'your own password needs currentPassword' }],
        );
      }
      if (user.id === actor.userId && (dto.isActive === false || dto.roles !== undefined)) {
        throw commonError('SELF_REVIEW', 'You cannot change your own roles or deactivate yourself');
      }
      const scope = this.access.scopeOf(actor, 'user.manage');
      // Seeing an account (e.g. through its member's cell) is not owning it: a leader changes
      // nothing (password, activity, roles) of an account that holds a role outside their subtree,
      // or they could take over a higher leader's or an admin's account.
      const stored = await this.assertStoredRolesInScope(em, scope, user.id);
      const rolePaths = stored.map((r) => r.path ?? '');
      if (hash && !scope.all && !strictlyBelow(scope.paths, rolePaths)) {
        throw userError(
          'PEER_PASSWORD_RESET',
          'Only the committee above or an admin sets the password of an account at your level',
          [{ field: 'password', rule: 'strictlyBelow', message: 'this account holds a role at your level' }],
        );
      }
      // Nor do they deactivate a co-leader or take their roles away: a committee's members do not
      // remove each other; the committee above or an admin does.
      const peerChange = dto.isActive !== undefined ? 'isActive' : dto.roles !== undefined ? 'roles' : null;
      if (peerChange && !scope.all && !strictlyBelow(scope.paths, rolePaths)) {
        throw userError(
          'PEER_ACCOUNT_CHANGE',
          'Only the committee above or an admin deactivates or changes the roles of an account at your level',
          [{ field: peerChange, rule: 'strictlyBelow', message: 'this account holds a role at your level' }],
        );
      }
      const before = (await this.views(em, [user]))[0];
      const changes: { isActive?: boolean; passwordHash?: string } = {};
      if (dto.isActive !== undefined) changes.isActive = dto.isActive;
      if (hash) changes.passwordHash = hash;
      await updateAccount(em, user.id, dto.version, changes);
      if (dto.roles !== undefined) {
        const roles = await this.checkRoles(em, scope, dto.roles, Boolean(user.memberId));
        this.assertReachable(roles, user.memberId);
        await replaceRoles(em, user.id, roles);
      }
      if (hash || dto.isActive === false || dto.roles !== undefined) {
        await revokeSessions(em, user.id, 'account_changed');
      }
      const fresh = await em.findOneByOrFail(User, { id: user.id });
      const after = (await this.views(em, [fresh]))[0];
      await this.audit.record(em, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: user.id,
        // Where the account sits: its member's cell, else its first scoped role, so the leader who
        // changed an account without a member still reads the entry.
        organizationPath:
          (user.memberId ? await memberCellPath(em, user.memberId) : null) ??
          (await firstRolePath(em, user.id)),
        changes: {
          ...(dto.isActive !== undefined ? { isActive: { from: before.isActive, to: after.isActive } } : {}),
          ...(dto.roles !== undefined ? { roles: { from: before.roles, to: after.roles } } : {}),
          ...(hash ? { passwordReset: true } : {}),
        },
      });
      return after;
    });
  }

  /** An account with neither a member nor a role would reach nothing and be out of every leader's scope. */
  private assertReachable(roles: unknown[], memberId: string | null | undefined): void {
    if (roles.length === 0 && !memberId) {
      throw DomainError.invalidField(
        'roles',
        'arrayNotEmpty',
        'an account needs a memberId or at least one role',
      );
    }
  }

  private assertPassword(field: string, password: string): void {
    const len = passwordLength(password);
    if (len < PASSWORD_MIN || len > PASSWORD_MAX) {
      throw DomainError.invalidField(
        field,
        'length',
        `${field} must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`,
      );
    }
  }

  /** Users reachable by a leader: linked to a member of the subtree, or holding a role inside it. */
  private reachOf(scope: Scope): AccountReach {
    if (scope.all) return null;
    return {
      member: this.access.pathCondition(scope, 'mc.path', [], 'ms'),
      role: this.access.pathCondition(scope, 'ro.path', [], 'rs'),
    };
  }

  private async loadInScope(em: EntityManager, actor: Actor, id: string): Promise<User> {
    const user = await accountInReach(em, id, this.reachOf(this.access.scopeOf(actor, 'user.manage')));
    if (!user) throw DomainError.notFound('User');
    return user;
  }

  private async assertMemberLinkable(em: EntityManager, actor: Actor, memberId: string): Promise<void> {
    const { cellPath } = await this.access.visibleMember(em, actor, 'user.manage', memberId).catch(() => {
      throw DomainError.invalidField('memberId', 'inScope', 'memberId must be a member of your organisation');
    });
    if (!this.access.coversPath(this.access.scopeOf(actor, 'user.manage'), cellPath)) {
      throw DomainError.invalidField('memberId', 'inScope', 'memberId must be a member of your organisation');
    }
    if (await em.existsBy(User, { memberId })) {
      throw userError('MEMBER_HAS_ACCOUNT', 'This member already has an account', [
        { field: 'memberId', rule: 'unique', message: 'this member already has an account' },
      ]);
    }
  }

  private async checkRoles(
    em: EntityManager,
    scope: Scope,
    input: RoleInputDto[],
    hasMember: boolean,
  ): Promise<Array<{ role: RoleInputDto['role']; organizationId: string | null; path: string | null }>> {
    const ids = [...new Set(input.map((r) => r.organizationId).filter((x): x is string => Boolean(x)))];
    const orgs = ids.length ? await em.find(Organization, { where: { id: In(ids) } }) : [];
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const out: Array<{ role: RoleInputDto['role']; organizationId: string | null; path: string | null }> = [];
    const seen = new Set<string>();
    for (const [i, r] of input.entries()) {
      const field = `roles.${i}.organizationId`;
      const org = r.organizationId ? byId.get(r.organizationId) : null;
      if (r.organizationId && (!org || !this.access.coversPath(scope, org.path))) {
        throw DomainError.invalidField(
          field,
          'inScope',
          `${field} must be an organisation inside your scope`,
        );
      }
      if (r.role === 'admin' && !scope.all) {
        throw userError('ROLE_OUT_OF_SCOPE', 'Only an admin grants the admin role', [
          { field: `roles.${i}.role`, rule: 'adminOnly', message: 'only an admin grants the admin role' },
        ]);
      }
      const problem = roleScopeProblem({ role: r.role, organization: org ?? null }, hasMember);
      if (problem)
        throw DomainError.invalidField(r.role === 'member' ? 'memberId' : field, 'roleScope', problem);
      if (org && !scope.all && !strictlyBelow(scope.paths, [org.path])) {
        throw userError(
          'ROLE_OUT_OF_SCOPE',
          'A leader grants roles only below their own committee; a role at their own level comes from the committee above or an admin',
          [
            {
              field,
              rule: 'strictlyBelow',
              message: `${field} must be a cell or committee below your own committee`,
            },
          ],
        );
      }
      if (r.role === 'member') continue; // implicit from memberId
      const key = `${r.role}:${org?.id ?? ''}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ role: r.role, organizationId: org?.id ?? null, path: org?.path ?? null });
    }
    for (const r of out) {
      const holder = roleHolderProblem(r.role, hasMember);
      if (holder) throw DomainError.invalidField('memberId', 'required', holder);
    }
    return out;
  }

  /** The account's stored roles with their organisation paths, when all lie in the scope (else 403). */
  private async assertStoredRolesInScope(
    em: EntityManager,
    scope: Scope,
    userId: string,
  ): Promise<Array<{ role: string; path: string | null }>> {
    if (scope.all) return [];
    const stored = await rolesWithPaths(em, userId);
    if (stored.some((r) => !this.access.coversPath(scope, r.path))) {
      throw userError('ROLE_OUT_OF_SCOPE', 'This account holds roles outside your scope');
    }
    return stored;
  }

  private async views(em: EntityManager, users: User[]): Promise<UserView[]> {
    if (users.length === 0) return [];
    const roles = await em.find(RoleAssignment, {
      where: { userId: In(users.map((u) => u.id)) },
      order: { createdAt: 'ASC' },
    });
    const memberIds = users.map((u) => u.memberId).filter((id): id is string => id !== null);
    const members = memberIds.length
      ? await em.find(Member, { where: { id: In(memberIds) }, select: { id: true, fullName: true } })
      : [];
    const names = new Map(members.map((m) => [m.id, m.fullName]));
    return users.map((u) => ({
      id: u.id,
      username: u.username,
      memberId: u.memberId,
      memberName: u.memberId ? (names.get(u.memberId) ?? null) : null,
      isActive: u.isActive,
      roles: roles
        .filter((r) => r.userId === u.id)
        .map((r) => ({ role: r.role, organizationId: r.organizationId })),
      lastLoginAt: u.lastLoginAt,
      version: u.version,
      createdAt: u.createdAt,
      updatedAt: u.updatedAt,
    }));
  }
}
