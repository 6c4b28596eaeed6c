import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCommitment } from '../factories/commitments.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('commitments (e2e): concurrent edits', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('lets exactly one of 20 edits with the same version win, and writes nothing half-way', async () => {
    const c = await createCommitment(t, w.memberA1a, { year: 2026 });
    const edits = Array.from({ length: 20 }, (_, n) =>
      t
        .http()
        .patch(`/api/commitments/${c.id}`)
        .set(w.memberA1a.auth)
        .send({
          version: c.version,
          items: Array.from({ length: (n % 4) + 1 }, (_, k) => ({
            ...(k === 0 ? { id: c.items[0].id } : {}),
            category: 'duty',
            content: `Phiên bản ${n}: việc thứ ${k + 1} của tổ dân phố`,
          })),
        })
        .then((res) => ({ n, res })),
    );
    const results = await Promise.all(edits);
    const ok = results.filter((r) => r.res.status === 200);
    const conflicts = results.filter((r) => r.res.status === 409);
    expect(ok).toHaveLength(1);
    expect(conflicts).toHaveLength(19);
    for (const r of conflicts)
      expect(r.res.body).toMatchObject({ code: 'VERSION_CONFLICT', details: { currentVersion: 2 } });

    const winner = ok[0].n;
    const after = (await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1a.auth).expect(200)).body;
    expect(after.version).toBe(2);
    expect(after.items).toHaveLength((winner % 4) + 1);
    expect(after.items.every((i: { content: string }) => i.content.startsWith(`Phiên bản ${winner}:`))).toBe(
      true,
    );
    expect(after.items[0].id).toBe(c.items[0].id);
    expect(after.history.filter((h: { action: string }) => h.action === 'edit')).toHaveLength(1);
    const audit = await t
      .http()
      .get(`/api/audit-log?entityId=${c.id}&action=commitment.edit`)
      .set(w.admin.auth)
      .expect(200);
    expect(audit.body.total).toBe(1);
  });

  it('accepts one of two concurrent reviews of the same submission', async () => {
    const c = await createCommitment(t, w.memberA1b, { year: 2026 });
    await t.http().post(`/api/commitments/${c.id}/submit`).set(w.memberA1b.auth).send({}).expect(200);
    const [a, b] = await Promise.all([
      t.http().post(`/api/commitments/${c.id}/accept`).set(w.secretaryA1.auth).send({ version: 2 }),
      t
        .http()
        .post(`/api/commitments/${c.id}/return`)
        .set(w.deputyA1.auth)
        .send({ version: 2, reason: 'Cần bổ sung' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
  });
});
