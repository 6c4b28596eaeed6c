import { expect, test } from '@playwright/test';
import {
  apiAs,
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  PHONE,
  screenshots,
  SECRETARY,
  vnYear,
} from './helpers.js';

/**
 * UI.md journey 2: last year's unfinished items and the secretary's shortcomings carried into the
 * next yearly commitment. The demo's phó bí thư of tdp1 reports this year's yearly commitment (one
 * item partly done, one not done) through the API; the bí thư assesses it in the browser and writes
 * two shortcomings; the phó bí thư then registers next year's commitment on a phone with the
 * carry-forward box ticked and finds the four remedy items in the draft.
 */
const OWNER = 'phobithu.tdp1';
const SHORTCOMINGS = [
  'Chưa dành đủ thời gian nghiên cứu chuyên đề năm của Đảng bộ phường.',
  'Đôi lúc chưa đúng giờ trong sinh hoạt chi bộ.',
];

test.setTimeout(240_000);

test('Carry-forward: unfinished items and shortcomings become next year’s remedy items', async ({
  browser,
  request,
}) => {
  const year = vnYear();
  const owner = await apiAs(request, OWNER);
  const me = await owner.get('/api/auth/me');
  const list = await owner.get(`/api/commitments?year=${year}&periodType=yearly&pageSize=50`);
  const yearly = (list.items as Array<{ id: string; memberId: string; status: string }>).find(
    (c) => c.memberId === me.memberId,
  );
  expect(yearly?.status, 'the demo holds an accepted yearly commitment of the phó bí thư').toBe('accepted');
  const detail = await owner.get(`/api/commitments/${yearly!.id}`);
  const items = detail.items as Array<{ id: string; content: string }>;
  expect(items.length).toBeGreaterThanOrEqual(3);
  const [partly, notDone] = items;
  await owner.post(`/api/commitments/${yearly!.id}/results`, {
    version: detail.version,
    items: items.map((item, i) => ({
      itemId: item.id,
      outcome: i === 0 ? 'partly' : i === 1 ? 'not_done' : 'done',
      ...(i === 0 ? { note: 'Mới hoàn thành hai phần ba kế hoạch.' } : {}),
    })),
  });

  // The bí thư assesses the reported commitment on a desktop, one shortcoming per line.
  const secretaryContext = await browser.newContext({ viewport: DESKTOP });
  const secretary = await secretaryContext.newPage();
  await logIn(secretary, SECRETARY);
  await secretary.goto(`/cam-ket/${yearly!.id}`);
  await expect(secretary.getByRole('heading', { level: 2, name: 'Đánh giá kết quả' })).toBeVisible();
  await secretary.getByRole('radio', { name: 'Đạt một phần', exact: true }).check();
  await secretary.getByRole('textbox', { name: 'Nhận xét' }).fill('Cơ bản thực hiện được cam kết năm.');
  await secretary.getByRole('textbox', { name: /Hạn chế, khuyết điểm/ }).fill(SHORTCOMINGS.join('\n'));
  await secretary.getByRole('button', { name: 'Đánh giá' }).click();
  await expect(secretary.getByText('Đã đánh giá', { exact: true }).first()).toBeVisible();
  for (const s of SHORTCOMINGS) await expect(secretary.getByText(s, { exact: true })).toBeVisible();
  await secretaryContext.close();

  // Next year's yearly commitment on a phone, with the box ticked and no item typed.
  const ownerContext = await browser.newContext({ viewport: PHONE });
  const page = await ownerContext.newPage();
  await logIn(page, OWNER);
  await page.goto('/cam-ket/moi');
  await expect(page.getByRole('heading', { level: 1, name: 'Đăng ký cam kết' })).toBeVisible();
  await page.getByRole('combobox', { name: 'Năm', exact: true }).selectOption(String(year + 1));
  await page.getByRole('radiogroup', { name: 'Loại kỳ' }).getByText('Năm', { exact: true }).click();
  const carry = page.getByRole('checkbox', { name: /vào phần Khắc phục/ });
  await expect(carry).toBeVisible();
  await carry.check();
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await page.getByRole('button', { name: 'Lưu nháp' }).click();

  await expect(page.getByRole('heading', { level: 1, name: `Cam kết năm ${year + 1}` })).toBeVisible();
  const remedies = page.getByRole('region', { name: 'Khắc phục hạn chế, khuyết điểm' });
  const texts = await remedies
    .getByRole('textbox', { name: 'Nội dung' })
    .evaluateAll((boxes) => boxes.map((b) => (b as HTMLTextAreaElement).value));
  expect(texts).toEqual([
    `Tiếp tục thực hiện: ${partly.content}`,
    `Tiếp tục thực hiện: ${notDone.content}`,
    ...SHORTCOMINGS.map((s) => `Khắc phục: ${s}`),
  ]);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'member-carry-forward');
  await ownerContext.close();
});
