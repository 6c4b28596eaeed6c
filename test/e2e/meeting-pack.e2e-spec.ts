import JSZip from 'jszip';
import type { Response } from 'superagent';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptedCommitment, YEARLY_ITEMS } from '../factories/commitments.js';
import { fieldsOf, recordMeeting } from '../factories/cell-life.js';
import { buildWorld, World } from '../factories/world.js';
import { createTestApp, TestApp } from '../setup/test-app.js';

const ZERO = '00000000-0000-4000-8000-000000000000';
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The DOCX as an app would read it: the document's paragraphs, one a line (table cells each a line). */
async function docxText(res: Response): Promise<string> {
  const zip = await JSZip.loadAsync(res.body as Buffer);
  const xml = await zip.file('word/document.xml')!.async('string');
  return xml
    .replace(/<\/w:p>/g, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const binary = (res: Response, cb: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => cb(null, Buffer.concat(chunks)));
};

describe('meeting pack (e2e)', () => {
  let t: TestApp;
  let w: World;
  let planned: string;
  beforeAll(async () => {
    t = await createTestApp();
    w = await buildWorld(t);
    planned = `/api/meetings/pack?cellId=${w.orgs.cellA1.id}&heldOn=2026-12-10&kind=regular`;
  });
  afterAll(() => t.close());

  const get = (path: string, auth?: Record<string, string>) => {
    const req = t.http().get(path).buffer(true).parse(binary);
    return auth ? req.set(auth) : req;
  };

  it('answers 401 without a token', async () => {
    await t.http().get(planned).expect(401);
    await t.http().get(`/api/meetings/${ZERO}/pack`).expect(401);
  });

  it('answers 404 outside the secretary’s cell or the leader’s subtree, and to members of the cell', async () => {
    const m = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-05-07',
      kind: 'regular',
      topic: 'Sinh hoạt chi bộ thường kỳ tháng 5',
      attendance: [],
    });
    for (const who of [w.secretaryB1, w.leaderB, w.memberA1a, w.memberB1]) {
      const a = await t.http().get(planned).set(who.auth);
      expect(a.status, JSON.stringify(a.body)).toBe(404);
      expect(a.body.code).toBe('NOT_FOUND');
      const b = await t.http().get(`/api/meetings/${m.id}/pack`).set(who.auth);
      expect(b.status).toBe(404);
    }
    await t.http().get(`/api/meetings/${ZERO}/pack`).set(w.secretaryA1.auth).expect(404);
    for (const who of [w.secretaryA1, w.deputyA1, w.leaderA, w.leaderCity, w.admin]) {
      await get(planned, who.auth).expect(200);
      await get(`/api/meetings/${m.id}/pack`, who.auth).expect(200);
    }
  });

  it('answers 400 naming each bad field', async () => {
    const a = await t.http().get('/api/meetings/pack').set(w.secretaryA1.auth).expect(400);
    expect([...new Set(fieldsOf(a.body))].sort()).toEqual(['cellId', 'heldOn', 'kind']);
    const b = await t
      .http()
      .get(`/api/meetings/pack?cellId=${w.orgs.cellA1.id}&heldOn=2026-02-30&kind=party`)
      .set(w.secretaryA1.auth)
      .expect(400);
    expect([...new Set(fieldsOf(b.body))].sort()).toEqual(['heldOn', 'kind']);
    const c = await t
      .http()
      .get(`/api/meetings/pack?cellId=${w.orgs.wardA.id}&heldOn=2026-12-10&kind=study`)
      .set(w.leaderA.auth)
      .expect(400);
    expect(c.body.details).toEqual([expect.objectContaining({ field: 'cellId', rule: 'isCell' })]);
    const d = await t
      .http()
      .get(`${planned}&topic=${'x'.repeat(501)}`)
      .set(w.secretaryA1.auth)
      .expect(400);
    expect(fieldsOf(d.body)).toEqual(['topic']);
    await t.http().get('/api/meetings/not-a-uuid/pack').set(w.secretaryA1.auth).expect(400);
  });

  it('makes the pack of a meeting to come: heading, agenda, roster to sign, commitments to present, minutes form', async () => {
    await acceptedCommitment(t, w.memberA1a, w.secretaryA1);
    const topic = 'Đánh giá công tác năm 2026, phương hướng năm 2027';
    const res = await get(`${planned}&topic=${encodeURIComponent(topic)}`, w.secretaryA1.auth).expect(200);
    expect(res.headers['content-type']).toBe(DOCX);
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="tai-lieu-sinh-hoat-chi-bo-to-dan-pho-so-1-10-12-2026.docx"; filename*=UTF-8''${encodeURIComponent(
        'Tài liệu sinh hoạt - Chi bộ tổ dân phố số 1 - 10-12-2026.docx',
      )}`,
    );
    const text = await docxText(res);
    const lines = text.split('\n');
    // The party document's heading: the superior and the cell top left, the Party's name top right.
    expect(lines.slice(0, 5)).toEqual([
      'ĐẢNG BỘ PHƯỜNG NGÔ QUYỀN',
      'CHI BỘ TỔ DÂN PHỐ SỐ 1',
      '*',
      'ĐẢNG CỘNG SẢN VIỆT NAM',
      expect.stringMatching(/^Ngô Quyền, ngày \d{2} tháng \d{2} năm \d{4}$/),
    ]);
    expect(text).toContain('BỘ TÀI LIỆU SINH HOẠT CHI BỘ\nSinh hoạt chi bộ thường kỳ ngày 10/12/2026\n');
    expect(text).toContain(
      `3. Đánh giá kết quả thực hiện nhiệm vụ tháng qua: ${topic}; ưu điểm, hạn chế, nguyên nhân.`,
    );
    expect(text).toContain(
      '4. Công khai bản cam kết tu dưỡng, rèn luyện, phấn đấu của đảng viên trước chi bộ',
    );
    // The roster in the order of the meeting's own list (folded full name) with an empty signature column.
    const roster = text.slice(text.indexOf('II. DANH SÁCH'), text.indexOf('III. BẢN CAM KẾT'));
    expect(roster).toContain('STT\nHọ và tên\nGhi chú\nKý tên\n');
    expect(roster).toContain(
      '1\nLê Thị Bích\n\n\n2\nNguyễn Văn An\n\n\n3\nPhạm Văn Đức\n\n\n4\nTrần Thị Đào\n',
    );
    // The accepted commitment, not yet presented.
    const toPresent = text.slice(text.indexOf('III. BẢN CAM KẾT'), text.indexOf('BIÊN BẢN'));
    expect(toPresent).toContain(`1\nTrần Thị Đào\nNăm 2026\n${YEARLY_ITEMS.length}\n`);
    // The minutes form, filled with the cell, the day and the roll.
    const minutes = text.slice(text.indexOf('BIÊN BẢN'));
    expect(minutes).toContain('BIÊN BẢN\nSINH HOẠT CHI BỘ THƯỜNG KỲ\nChi bộ: Chi bộ tổ dân phố số 1\n');
    expect(minutes).toContain('Thời gian: …… giờ …… phút, ngày 10 tháng 12 năm 2026.');
    expect(minutes).toContain(
      'Tổng số đảng viên của chi bộ: 4; miễn, đình chỉ sinh hoạt: 0; phải có mặt: 4; có mặt: ……; vắng có lý do: ……; vắng không lý do: …….',
    );
    expect(minutes).toContain('THƯ KÝ\n(Ký, ghi rõ họ tên)');
    expect(minutes).toContain('T/M CHI BỘ\nCHỦ TRÌ (BÍ THƯ)');
  });

  it('fills the pack of a recorded meeting from its record: attendance, the commitments presented, the minutes', async () => {
    const c = await acceptedCommitment(t, w.memberA1b, w.secretaryA1);
    const m = await recordMeeting(t, w.secretaryA1, {
      cellId: w.orgs.cellA1.id,
      heldOn: '2026-06-04',
      kind: 'study',
      topic: 'Học tập chuyên đề năm 2026',
      attendance: [
        { memberId: w.members.secA1.id, status: 'present' },
        { memberId: w.members.a1b.id, status: 'present' },
        { memberId: w.members.a1a.id, status: 'excused', note: 'Ốm' },
      ],
      guests: [{ fullName: 'Đỗ Văn Thành', position: 'Ủy viên Ban Thường vụ Đảng ủy phường' }],
      minutes: 'Chi bộ quán triệt chuyên đề.\nCác đồng chí đăng ký làm theo.',
      presentedCommitmentIds: [c.id],
    });
    const res = await get(`/api/meetings/${m.id}/pack`, w.leaderA.auth).expect(200);
    const text = await docxText(res);
    expect(text).toContain('Sinh hoạt học tập chuyên đề ngày 04/06/2026');
    expect(text).toContain('2. Học tập chuyên đề: Học tập chuyên đề năm 2026.');
    expect(text).toContain('1\nLê Thị Bích\nVắng không lý do\n\n2\nNguyễn Văn An\nCó mặt\n\n');
    expect(text).toContain('4\nTrần Thị Đào\nVắng có lý do\n');
    const presented = text.slice(text.indexOf('III. BẢN CAM KẾT'), text.indexOf('BIÊN BẢN'));
    expect(presented).toContain(`1\nPhạm Văn Đức\nNăm 2026\n${YEARLY_ITEMS.length}\n`);
    expect(presented).not.toContain('Trần Thị Đào');
    expect(text).toContain(
      'Tổng số đảng viên của chi bộ: 4; miễn, đình chỉ sinh hoạt: 0; phải có mặt: 4; có mặt: 2; vắng có lý do: 1; vắng không lý do: 1.',
    );
    expect(text).toContain('Đảng viên vắng: Lê Thị Bích (vắng không lý do); Trần Thị Đào (vắng có lý do).');
    expect(text).toContain('Khách mời: Đỗ Văn Thành (Ủy viên Ban Thường vụ Đảng ủy phường)');
    expect(text).toContain('Chi bộ quán triệt chuyên đề.\nCác đồng chí đăng ký làm theo.\n');
    // Reading it changed nothing: the commitment keeps the meeting it was presented at.
    const after = await t.http().get(`/api/commitments/${c.id}`).set(w.memberA1b.auth).expect(200);
    expect(after.body.presentedAtMeetingId).toBe(m.id);
  });
});
