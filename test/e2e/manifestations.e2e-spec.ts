import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

describe('manifestations and prohibitions (e2e)', () => {
  let t: TestApp;
  let w: World;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
  });
  afterAll(() => t.close());

  it('answers 401 without a token on every route', async () => {
    await t.http().get('/api/manifestations').expect(401);
    await t.http().get('/api/manifestations/1').expect(401);
    await t.http().get('/api/manifestations/versions').expect(401);
    await t.http().put('/api/manifestations/1').send({}).expect(401);
    await t.http().get('/api/prohibitions').expect(401);
    await t.http().put('/api/prohibitions/1').send({}).expect(401);
  });

  it('serves the 27 manifestations in three groups, unverified texts marked as such', async () => {
    // version 1, loaded from the research file, where "verified" meant "quoted by a source"
    const res = await t.http().get('/api/manifestations?version=1').set(w.memberA1a.auth).expect(200);
    expect(res.body).toHaveLength(27);
    expect(res.body.map((m: { code: number }) => m.code)).toEqual(
      Array.from({ length: 27 }, (_, i) => i + 1),
    );
    const groups = new Set(res.body.map((m: { group: string }) => m.group));
    expect([...groups]).toEqual(['political-ideology', 'ethics-lifestyle', 'self-evolution']);
    const first = res.body[0];
    expect(first).toMatchObject({ code: 1, verified: true, verification: 'verbatim', catalogVersion: 1 });
    expect(first.text).toMatch(/^Phai nhạt lý tưởng cách mạng/);
    expect(first.displayText).toBe(first.text);
    const seven = res.body[6];
    expect(seven).toMatchObject({ code: 7, verified: false, verification: 'none', text: null });
    expect(seven.displayText).toContain('Đang cập nhật');
    const five = res.body[4];
    expect(five.verified).toBe(false);
    expect(five.displayText).toContain('chưa đối chiếu');
    // every unverified item is flagged in displayText, never shown as official
    for (const m of res.body.filter((x: { verified: boolean }) => !x.verified))
      expect(m.displayText).not.toBe(m.text);
  });

  it('serves the current version: verified only against the official text, and where each wording comes from', async () => {
    const res = await t.http().get('/api/manifestations').set(w.memberA1a.auth).expect(200);
    expect(res.body).toHaveLength(27);
    // nothing in the research file was compared with the official text of NQ 04-NQ/TW
    expect(
      res.body.every(
        (m: { verified: boolean; catalogVersion: number }) => !m.verified && m.catalogVersion === 2,
      ),
    ).toBe(true);
    expect(res.body[0]).toMatchObject({
      code: 1,
      verification: 'verbatim',
      sourceKind: 'secondary_quotation',
    });
    expect(res.body[0].text).toMatch(/^Phai nhạt lý tưởng cách mạng/);
    expect(res.body[0].displayText).toContain('chưa đối chiếu');
    expect(res.body[4]).toMatchObject({
      code: 5,
      verification: 'partial',
      sourceKind: 'secondary_quotation',
    });
    expect(res.body[6]).toMatchObject({ code: 7, text: null, sourceKind: 'missing' });
    const old = await t.http().get('/api/manifestations/1?version=1').set(w.memberA1a.auth).expect(200);
    expect(old.body).toMatchObject({ verified: true, sourceKind: null, catalogVersion: 1 });
    const p = await t.http().get('/api/prohibitions').set(w.leaderA.auth).expect(200);
    const kinds = (k: string) =>
      p.body.filter((x: { sourceKind: string }) => x.sourceKind === k).map((x: { code: number }) => x.code);
    expect(p.body.filter((x: { verified: boolean }) => x.verified)).toEqual([]);
    expect(kinds('secondary_quotation')).toEqual([1, 2, 3, 9]);
    expect(kinds('paraphrase')).toEqual([4, 5, 14]);
  });

  it('serves the 19 prohibitions of QĐ 37', async () => {
    const res = await t.http().get('/api/prohibitions?version=1').set(w.leaderA.auth).expect(200);
    expect(res.body).toHaveLength(19);
    expect(
      res.body.filter((p: { verified: boolean }) => p.verified).map((p: { code: number }) => p.code),
    ).toEqual([1, 2, 3, 9]);
    const one = await t.http().get('/api/prohibitions/4').set(w.leaderA.auth).expect(200);
    expect(one.body).toMatchObject({ code: 4, verified: false, text: null });
  });

  it('answers 400 for a non-numeric code and 404 for a code outside the catalog or an unknown version', async () => {
    const bad = await t.http().get('/api/manifestations/abc').set(w.memberA1a.auth).expect(400);
    expect(bad.body.details[0].field).toBe('code');
    await t.http().get('/api/manifestations/28').set(w.memberA1a.auth).expect(404);
    await t.http().get('/api/manifestations?version=99').set(w.memberA1a.auth).expect(404);
    const v = await t.http().get('/api/manifestations?version=0').set(w.memberA1a.auth).expect(400);
    expect(v.body.details[0].field).toBe('version');
  });

  it('lets only an admin replace a text; 403 for the other roles', async () => {
    const body = { text: 'Nội dung thử nghiệm đã đối chiếu', verified: true, reason: 'Đối chiếu văn bản' };
    for (const who of [w.memberA1a, w.secretaryA1, w.leaderCity]) {
      await t.http().put('/api/manifestations/7').set(who.auth).send(body).expect(403);
    }
  });

  it('validates the replacement body, naming each field', async () => {
    const res = await t
      .http()
      .put('/api/manifestations/7')
      .set(w.admin.auth)
      .send({ text: 'x', extra: 1 })
      .expect(400);
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['text', 'verified', 'reason', 'extra']));
    await t
      .http()
      .put('/api/manifestations/30')
      .set(w.admin.auth)
      .send({ text: 'Nội dung hợp lệ', verified: false, reason: 'Thử' })
      .expect(400);
  });

  it('creates a new catalog version on replacement, audited, and keeps the old version readable', async () => {
    const text = 'Áp đặt ý kiến của mình, bảo thủ, độc đoán (văn bản đối chiếu thử)';
    const res = await t
      .http()
      .put('/api/manifestations/7')
      .set(w.admin.auth)
      .send({
        text,
        verified: true,
        source: 'Nghị quyết 04-NQ/TW, bản PDF',
        reason: 'Đối chiếu với văn bản gốc',
      })
      .expect(200);
    expect(res.body).toMatchObject({
      code: 7,
      text,
      verified: true,
      verification: 'verbatim',
      sourceKind: 'official',
      catalogVersion: 3,
    });
    const now = await t.http().get('/api/manifestations').set(w.memberA1a.auth).expect(200);
    expect(now.body.every((m: { catalogVersion: number }) => m.catalogVersion === 3)).toBe(true);
    expect(now.body[6].displayText).toBe(text);
    expect(now.body[0].text).toMatch(/^Phai nhạt/);
    const old = await t.http().get('/api/manifestations/7?version=1').set(w.memberA1a.auth).expect(200);
    expect(old.body).toMatchObject({ verified: false, text: null, catalogVersion: 1 });
    const versions = await t.http().get('/api/manifestations/versions').set(w.memberA1a.auth).expect(200);
    expect(versions.body.map((v: { version: number; current: boolean }) => [v.version, v.current])).toEqual([
      [3, true],
      [2, false],
      [1, false],
    ]);
    const audit = await t
      .http()
      .get('/api/audit-log?action=manifestation.replace')
      .set(w.admin.auth)
      .expect(200);
    expect(audit.body.total).toBe(1);
    expect(audit.body.items[0].reason).toBe('Đối chiếu với văn bản gốc');
    // the prohibitions catalog is versioned on its own
    const p = await t.http().get('/api/prohibitions/1').set(w.memberA1a.auth).expect(200);
    expect(p.body.catalogVersion).toBe(2);
  });
});
