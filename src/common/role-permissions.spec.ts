import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from './permissions.js';
import { permissionsOf, ROLE_PERMISSIONS, roleGrants } from './role-permissions.js';

describe('role permission matrix', () => {
  it('gives the admin every permission', () => {
    expect([...ROLE_PERMISSIONS.admin].sort()).toEqual([...PERMISSIONS].sort());
  });

  it('keeps management out of members and secretaries', () => {
    for (const p of [
      'organization.manage',
      'member.manage',
      'user.manage',
      'evaluation.decide',
      'system.admin',
    ] as const) {
      expect(roleGrants('member', p)).toBe(false);
      expect(roleGrants('secretary', p)).toBe(false);
    }
  });

  it("lets secretaries and leaders (for secretaries' own commitments) review, never plain members", () => {
    expect(roleGrants('secretary', 'commitment.review')).toBe(true);
    expect(roleGrants('leader', 'commitment.review')).toBe(true);
    expect(roleGrants('member', 'commitment.review')).toBe(false);
  });

  it('splits the review scope: a secretary reviews the cell, a leader only from the committee above', () => {
    expect(roleGrants('secretary', 'commitment.review.cell')).toBe(true);
    expect(roleGrants('secretary', 'commitment.review.committee')).toBe(false);
    expect(roleGrants('leader', 'commitment.review.committee')).toBe(true);
    expect(roleGrants('leader', 'commitment.review.cell')).toBe(false);
    expect(roleGrants('member', 'commitment.review.cell')).toBe(false);
    expect(roleGrants('member', 'commitment.review.committee')).toBe(false);
    expect(roleGrants('admin', 'commitment.review.cell')).toBe(true);
  });

  it('lets leaders decide levels but not propose them', () => {
    expect(roleGrants('leader', 'evaluation.decide')).toBe(true);
    expect(roleGrants('leader', 'evaluation.propose')).toBe(false);
    expect(roleGrants('secretary', 'evaluation.propose')).toBe(true);
  });

  it('reserves system administration to admins', () => {
    expect(roleGrants('leader', 'system.admin')).toBe(false);
    expect(roleGrants('admin', 'system.admin')).toBe(true);
  });

  it('unions the permissions of several roles in catalog order', () => {
    const ps = permissionsOf(['member', 'leader']);
    expect(ps).toContain('commitment.write');
    expect(ps).toContain('evaluation.decide');
    expect(ps).toEqual(PERMISSIONS.filter((p) => ps.includes(p)));
  });
});
