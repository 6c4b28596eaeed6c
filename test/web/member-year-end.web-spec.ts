import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import JSZip from 'jszip';
import {
  apiAs,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  MEMBER,
  openMenu,
  PHONE,
  screenshots,
  vnYear,
} from './helpers.js';

test.use({ viewport: PHONE });
// Long journeys on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(240_000);

/** The demo's ward leader (src/cli/demo-plan.ts): the demo has no evaluation cycle, so the journey opens one. */
const WARD_LEADER = 'danguy.lienbao';

/** UI.md journey 3: the year-end self-assessment and the member's own bản kiểm điểm, on a phone. */
test('Kiểm điểm cuối năm: self-assessment in the open cycle, then the own bản kiểm điểm as DOCX', async ({
  page,
  request,
}) => {
  const year = vnYear();
  const leader = await apiAs(request, WARD_LEADER);
  const leaderMe = await leader.get('/api/auth/me');
  const ward = leaderMe.roles.find((r: { role: string }) => r.role === 'leader').organizationId as string;
  const cycle = await leader.post('/api/evaluation-cycles', { organizationId: ward, year });
  await leader.post(`/api/evaluation-cycles/${cycle.id}/generate`, {});
  const member = await apiAs(request, MEMBER);
  const me = await member.get('/api/auth/me');

  await logIn(page, MEMBER);
  await openMenu(page);
  await page.getByRole('link', { name: 'Kiểm điểm cuối năm' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Kiểm điểm cuối năm' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Tự đánh giá, xếp loại' })).toBeVisible();
  // The suggestion's reasons, each resting on an unverified rule marked beside it.
  const reasons = page.getByRole('list', { name: 'Căn cứ của mức gợi ý' });
  await expect(reasons.getByRole('listitem').first()).toContainText('Tổng điểm gợi ý');
  await expect(reasons.getByText('(chưa đối chiếu văn bản gốc)').first()).toBeVisible();

  // Sent without a level or a summary: the API's refusal shows in words next to each field.
  const send = page.getByRole('button', { name: 'Gửi tự đánh giá' });
  await page
    .getByRole('textbox', { name: 'Ưu điểm' })
    .fill('Gương mẫu vận động nhân dân giữ vệ sinh tổ dân phố.');
  await send.click();
  await expect(page.getByRole('combobox', { name: 'Tự xếp loại' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('textbox', { name: 'Ưu điểm' })).toHaveValue(
    'Gương mẫu vận động nhân dân giữ vệ sinh tổ dân phố.',
  );
  await expectAccessible(page);

  // Keyboard alone for the level, then the words.
  await page
    .getByRole('combobox', { name: 'Tự xếp loại' })
    .selectOption({ label: 'Hoàn thành tốt nhiệm vụ' });
  await page
    .getByRole('textbox', { name: 'Bản tự kiểm điểm' })
    .fill('Thực hiện đầy đủ cam kết năm, tham gia sinh hoạt chi bộ đều đặn.');
  await page.getByRole('textbox', { name: 'Hạn chế, khuyết điểm' }).fill('Còn chậm báo cáo kết quả tháng.');
  await page.getByRole('textbox', { name: 'Hạn chế, khuyết điểm' }).press('Tab');
  await expect(send).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã gửi bản tự đánh giá.')).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Đã tự đánh giá lúc' })).toBeVisible();

  const evaluations = await member.get(`/api/evaluations?memberId=${me.memberId}&cycleId=${cycle.id}`);
  expect(evaluations.items).toHaveLength(1);
  expect(evaluations.items[0].selfAssessment).toMatchObject({
    level: 'good',
    summary: 'Thực hiện đầy đủ cam kết năm, tham gia sinh hoạt chi bộ đều đặn.',
    strengths: 'Gương mẫu vận động nhân dân giữ vệ sinh tổ dân phố.',
    shortcomings: 'Còn chậm báo cáo kết quả tháng.',
  });
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'member-year-end');

  // The own bản kiểm điểm, downloaded and read back: a Word file with the member and the self-assessment.
  await page.getByRole('combobox', { name: 'Năm kiểm điểm' }).selectOption(String(year));
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải bản kiểm điểm (DOCX)' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe(`ban-kiem-diem-${year}.docx`);
  const file = readFileSync(await download.path());
  const zip = await JSZip.loadAsync(file);
  const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  expect(text).toContain('BẢN KIỂM ĐIỂM CÁ NHÂN');
  expect(text).toContain(`Họ và tên: ${me.fullName}`);
  expect(text).toContain('Tự xếp loại: Hoàn thành tốt nhiệm vụ');
  expect(text).toContain('Còn chậm báo cáo kết quả tháng.');
});
