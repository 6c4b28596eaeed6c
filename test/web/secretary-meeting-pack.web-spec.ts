import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';
import JSZip from 'jszip';
import {
  apiAs,
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  openMenu,
  PHONE,
  screenshots,
  SECRETARY,
  vnYear,
} from './helpers.js';

test.use({ viewport: DESKTOP });

/** The demo's year (seed:demo makes this year's cell): its members are on the roll on 28 December. */
const YEAR = vnYear();
test.setTimeout(240_000);

/** The DOCX's paragraphs, one a line (each table cell a line of its own). */
async function docxLines(page: Page, click: () => Promise<void>): Promise<{ name: string; lines: string[] }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const zip = await JSZip.loadAsync(readFileSync(await download.path()));
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = xml.replace(/<\/w:p>/g, '\n').replace(/<[^>]+>/g, '');
  return { name: download.suggestedFilename(), lines: text.split('\n') };
}

/** The meeting pack (issue 19): the bí thư prints the documents of a cell meeting. Reads only. */
test('Sinh hoạt chi bộ: the pack of the next meeting and of a recorded one, as Word files', async ({
  page,
  request,
}) => {
  const secretary = await apiAs(request, SECRETARY);
  const me = await secretary.get('/api/auth/me');
  const cellId = me.roles.find((r: { role: string }) => r.role === 'secretary').organizationId as string;
  const cell = await secretary.get(`/api/organizations/${cellId}`);

  await logIn(page, SECRETARY);
  await openMenu(page);
  await page.getByRole('link', { name: 'Sinh hoạt chi bộ' }).click();
  const form = page.getByRole('region', { name: 'Chuẩn bị buổi sinh hoạt' });
  await expect(form).toBeVisible();

  // Without a date: the API's refusal beside the field, nothing downloaded.
  await form.getByRole('button', { name: 'Tải tài liệu sinh hoạt (DOCX)' }).click();
  await expect(form.getByRole('textbox', { name: 'Ngày dự kiến' })).toHaveAttribute('aria-invalid', 'true');
  await expectAccessible(page);

  await form.getByRole('textbox', { name: 'Ngày dự kiến' }).fill(`28/12/${YEAR}`);
  await form
    .getByRole('combobox', { name: 'Loại buổi sinh hoạt' })
    .selectOption({ label: 'Sinh hoạt thường kỳ' });
  await form.getByRole('textbox', { name: /^Nội dung chính/ }).fill(`Tổng kết năm ${YEAR}`);
  const planned = await docxLines(page, () =>
    form.getByRole('button', { name: 'Tải tài liệu sinh hoạt (DOCX)' }).click(),
  );
  expect(planned.name).toMatch(new RegExp(`^Tài liệu sinh hoạt - .+ - 28-12-${YEAR}\\.docx$`));
  const text = planned.lines.join('\n');
  expect(planned.lines).toContain('ĐẢNG CỘNG SẢN VIỆT NAM');
  expect(planned.lines).toContain(cell.name.toLocaleUpperCase('vi-VN'));
  expect(text).toContain(`BỘ TÀI LIỆU SINH HOẠT CHI BỘ\nSinh hoạt chi bộ thường kỳ ngày 28/12/${YEAR}`);
  expect(text).toContain(`Đánh giá kết quả thực hiện nhiệm vụ tháng qua: Tổng kết năm ${YEAR}`);
  expect(text).toContain('STT\nHọ và tên\nGhi chú\nKý tên');
  expect(planned.lines).toContain(me.fullName);
  expect(text).toContain(`Chi bộ: ${cell.name}`);
  expect(text).toContain(`Thời gian: …… giờ …… phút, ngày 28 tháng 12 năm ${YEAR}.`);
  // The roll's count in the minutes equals the roster's rows.
  const roster = text.slice(text.indexOf('II. DANH SÁCH'), text.indexOf('III. BẢN CAM KẾT'));
  const total = Number(/Tổng số đảng viên của chi bộ: (\d+);/.exec(roster)?.[1]);
  expect(total).toBeGreaterThan(0);
  expect(roster).toContain(`\n${total}\n`);
  expect(roster).not.toContain(`\n${total + 1}\n`);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'secretary-meeting-pack');

  // A recorded meeting: its pack carries the record's attendance.
  const meetings = await secretary.get(`/api/meetings?organizationId=${cellId}&pageSize=100`);
  expect(meetings.items.length).toBeGreaterThan(0);
  const last = meetings.items[meetings.items.length - 1];
  const meeting = await secretary.get(`/api/meetings/${last.id}`);
  await page.goto(`/sinh-hoat/${meeting.id}`);
  await expect(page.getByRole('heading', { level: 1, name: /^Sinh hoạt ngày / })).toBeVisible();
  await expectAccessible(page);
  const recorded = await docxLines(page, () =>
    page.getByRole('button', { name: 'Tải tài liệu sinh hoạt (DOCX)' }).click(),
  );
  const count = (s: string) => meeting.attendance.filter((a: { status: string }) => a.status === s).length;
  const expected = meeting.attendance.filter((a: { expected: boolean }) => a.expected).length;
  expect(recorded.lines.join('\n')).toContain(
    `Tổng số đảng viên của chi bộ: ${meeting.attendance.length}; miễn, đình chỉ sinh hoạt: ${
      meeting.attendance.length - expected
    }; phải có mặt: ${expected}; có mặt: ${count('present')}; vắng có lý do: ${count('excused')}; vắng không lý do: ${count('absent')}.`,
  );
  await page.setViewportSize(PHONE);
  await expectNoHorizontalScroll(page);
});
