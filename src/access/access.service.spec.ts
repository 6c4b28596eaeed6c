import { describe, expect, it } from 'vitest';
import { AccessService, MemberReach } from './access.service.js';
import { Actor, ActorRole } from '../common/actor.js';
import { permissionsOf } from '../common/role-permissions.js';

const actor = (roles: ActorRole[], memberId: string | null = null): Actor => ({
  userId: 'u',
  username: 'u',
  sessionId: 's',
  memberId,
  roles,
  permissions: new Set(permissionsOf(roles.map((r) => r.role))),
  requestId: 'r',
  ip: '127.0.0.1',
});

const leader = (path: string): ActorRole => ({
  role: 'leader',
  organizationId: path.split('/').at(-2)!,
  organizationPath: path,
});
const secretary = (path: string): ActorRole => ({
  role: 'secretary',
  organizationId: path.split('/').at(-2)!,
  organizationPath: path,
});
const member = (cellPath: string): ActorRole => ({
  role: 'member',
  organizationId: cellPath.split('/').at(-2)!,
  organizationPath: cellPath,
});

describe(AccessService.name, () => {
  const access = new AccessService();

  it('gives the admin everything and the SQL no restriction', () => {
    const scope = access.scopeOf(
      actor([{ role: 'admin', organizationId: null, organizationPath: null }]),
      'member.read',
    );
    expect(scope.all).toBe(true);
    expect(access.pathCondition(scope, 'o.path')).toEqual({ sql: '1=1', params: {} });
    expect(access.coversPath(scope, '/any/')).toBe(true);
  });

  it('reaches a leader’s whole subtree and nothing beside it', () => {
    const scope = access.scopeOf(actor([leader('/city/wardA/')]), 'member.read');
    expect(scope.paths).toEqual(['/city/wardA/']);
    expect(access.coversPath(scope, '/city/wardA/cell1/')).toBe(true);
    expect(access.coversPath(scope, '/city/wardA/')).toBe(true);
    expect(access.coversPath(scope, '/city/')).toBe(false);
    expect(access.coversPath(scope, '/city/wardB/cell1/')).toBe(false);
    expect(access.coversPath(scope, null)).toBe(false);
  });

  it('keeps only the outermost of nested role paths, in any order', () => {
    const a = access.scopeOf(actor([leader('/city/wardA/'), leader('/city/')]), 'member.read');
    const b = access.scopeOf(actor([leader('/city/'), leader('/city/wardA/')]), 'member.read');
    expect(a.paths).toEqual(['/city/']);
    expect(b.paths).toEqual(['/city/']);
  });

  it('ignores roles that do not grant the permission', () => {
    const scope = access.scopeOf(
      actor([secretary('/city/wardA/cell1/'), leader('/city/wardB/')]),
      'meeting.manage',
    );
    expect(scope.paths).toEqual(['/city/wardA/cell1/']);
    // The finer review permissions split a review scope by where it comes from (a leader's part)
    const both = actor([secretary('/city/wardA/cell1/'), leader('/city/wardB/')]);
    expect(access.scopeOf(both, 'commitment.review').paths).toEqual(['/city/wardA/cell1/', '/city/wardB/']);
    expect(access.scopeOf(both, 'commitment.review.committee').paths).toEqual(['/city/wardB/']);
    expect(access.scopeOf(both, 'commitment.review.cell').paths).toEqual(['/city/wardA/cell1/']);
    const none = access.scopeOf(actor([secretary('/city/wardA/cell1/')]), 'member.manage');
    expect(none).toEqual({ all: false, paths: [], selfMemberId: null, selfCellPath: null });
    expect(access.pathCondition(none, 'o.path')).toEqual({ sql: '1=0', params: {} });
  });

  it('limits the member role to the member’s own records and cell', () => {
    const scope = access.scopeOf(actor([member('/city/wardA/cell1/')], 'm1'), 'member.read');
    expect(scope).toEqual({ all: false, paths: [], selfMemberId: 'm1', selfCellPath: '/city/wardA/cell1/' });
    expect(access.coversPath(scope, '/city/wardA/cell1/')).toBe(false);
    const cond = access.pathCondition(scope, 'c.path', [{ sql: 'm.id = :selfId', params: { selfId: 'm1' } }]);
    expect(cond).toEqual({ sql: '(m.id = :selfId)', params: { selfId: 'm1' } });
  });

  it('ORs the subtree prefixes and extra conditions with distinct parameter names', () => {
    const scope = access.scopeOf(actor([leader('/c/a/'), secretary('/c/b/x/')]), 'member.read');
    const cond = access.pathCondition(scope, 'o.path', [{ sql: 'm.id = :me', params: { me: 'm' } }], 'p');
    expect(cond.sql).toBe('(o.path LIKE :p0 OR o.path LIKE :p1 OR m.id = :me)');
    expect(cond.params).toEqual({ p0: '/c/a/%', p1: '/c/b/x/%', me: 'm' });
  });

  it('reads a reached member’s records in every cell only for themselves or an admin', () => {
    const reach = (scope: ReturnType<AccessService['scopeOf']>, allRecords: boolean): MemberReach => ({
      member: {} as MemberReach['member'],
      cellPath: '/c/b/x/',
      cellName: 'Chi bộ khu phố Đống Đa',
      current: false,
      allRecords,
      scope,
    });
    const secretaryOfLeftCell = access.scopeOf(actor([secretary('/c/a/y/')]), 'conduct-check.read');
    expect(access.recordCondition(reach(secretaryOfLeftCell, false), '"o"."path"')).toEqual({
      sql: '("o"."path" LIKE :rec0)',
      params: { rec0: '/c/a/y/%' },
    });
    const self = access.scopeOf(actor([member('/c/b/x/')], 'm1'), 'conduct-check.read');
    expect(access.recordCondition(reach(self, true), '"o"."path"')).toEqual({ sql: '1=1', params: {} });
  });
});
