import { describe, expect, it } from 'vitest';
import { roleHolderProblem, roleScopeProblem, strictlyBelow } from './users.rules.js';

describe('roleScopeProblem', () => {
  const committee = { kind: 'committee' as const };
  const cell = { kind: 'cell' as const };
  it('scopes leaders to committees and secretaries to cells', () => {
    expect(roleScopeProblem({ role: 'leader', organization: committee }, false)).toBeNull();
    expect(roleScopeProblem({ role: 'leader', organization: cell }, false)).toMatch(/committee/);
    expect(roleScopeProblem({ role: 'secretary', organization: cell }, true)).toBeNull();
    expect(roleScopeProblem({ role: 'secretary', organization: committee }, true)).toMatch(/cell/);
    expect(roleScopeProblem({ role: 'secretary', organization: null }, true)).toMatch(/needs/);
  });
  it('keeps admins unscoped and members linked', () => {
    expect(roleScopeProblem({ role: 'admin', organization: null }, false)).toBeNull();
    expect(roleScopeProblem({ role: 'admin', organization: committee }, false)).toMatch(/no organizationId/);
    expect(roleScopeProblem({ role: 'member', organization: null }, false)).toMatch(/memberId/);
    expect(roleScopeProblem({ role: 'member', organization: null }, true)).toBeNull();
  });
});

describe('strictlyBelow', () => {
  const ward = '/city/wardA/';
  it('reaches cells and committees under a root, not the root itself', () => {
    expect(strictlyBelow([ward], [`${ward}cell1/`, `${ward}sub/`])).toBe(true);
    expect(strictlyBelow([ward], [ward])).toBe(false);
    expect(strictlyBelow([ward], [`${ward}cell1/`, ward])).toBe(false);
  });
  it('is true for an account without scoped roles and false outside every root', () => {
    expect(strictlyBelow([ward], [])).toBe(true);
    expect(strictlyBelow([ward], ['/city/'])).toBe(false);
    expect(strictlyBelow(['/city/', ward], [ward])).toBe(true);
  });
});

describe('roleHolderProblem', () => {
  it('gives secretary and leader roles only to accounts of a member', () => {
    expect(roleHolderProblem('leader', false)).toMatch(/memberId is required/);
    expect(roleHolderProblem('secretary', false)).toMatch(/memberId is required/);
    expect(roleHolderProblem('leader', true)).toBeNull();
    expect(roleHolderProblem('secretary', true)).toBeNull();
  });
  it('lets the admin role stand without a member', () => {
    expect(roleHolderProblem('admin', false)).toBeNull();
  });
});

describe('strictlyBelow for a granted role', () => {
  const ward = '/city/ward/';
  it('allows cells and committees under the grantor’s committee', () => {
    expect(strictlyBelow([ward], ['/city/ward/cell/'])).toBe(true);
    expect(strictlyBelow([ward], ['/city/ward/sub/cell/'])).toBe(true);
  });
  it('refuses the grantor’s own committee, the committee above and a sibling', () => {
    expect(strictlyBelow([ward], [ward])).toBe(false);
    expect(strictlyBelow([ward], ['/city/'])).toBe(false);
    expect(strictlyBelow([ward], ['/city/ward2/'])).toBe(false);
    expect(strictlyBelow([], ['/city/ward/cell/'])).toBe(false);
  });
  it('lets a leader of the city grant a role on the ward below even if they also lead the ward', () => {
    expect(strictlyBelow(['/city/'], [ward])).toBe(true);
  });
});
