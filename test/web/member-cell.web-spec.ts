import { expect, test } from '@playwright/test';
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

/** UI.md journey 3: read the published commitments of cell mates and give góp ý, on a phone. */
test('Chi bộ: a cell mate’s accepted commitment, read and given góp ý', async ({ page, request }) => {
  const member = await apiAs(request, MEMBER);
  const me = await member.get('/api/auth/me');
  const year = vnYear();
  const visible = await member.get(`/api/commitments?year=${year}&pageSize=200`);
  const mates = (
    visible.items as Array<{ id: string; memberId: string; memberName: string; status: string }>
  ).filter((c) => c.memberId !== me.memberId && ['accepted', 'reported', 'assessed'].includes(c.status));
  expect(mates.length, 'the demo cell has published commitments of other members').toBeGreaterThan(0);
  const mate = mates[0];

  await logIn(page, MEMBER);
  await openMenu(page);
  await page.getByRole('link', { name: 'Chi bộ' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Chi bộ' })).toBeVisible();
  const section = page.getByRole('region', { name: mate.memberName });
  await expect(section).toBeVisible();
  // Only published commitments of others: none of the member's own, no draft or queue.
  await expect(page.getByText('Nháp', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Chờ duyệt', { exact: true })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'member-cell');

  // Keyboard alone: focus the mate's first commitment and open it with Enter.
  const line = section.getByRole('link').first();
  await line.focus();
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/\/cam-ket\/[0-9a-f-]+$/);
  await expect(page.getByText(mate.memberName, { exact: true })).toBeVisible();

  // An empty góp ý is refused, in words next to the field, and nothing is lost.
  await page.getByRole('combobox', { name: 'Loại góp ý' }).selectOption({ label: 'Biểu dương' });
  await page.getByRole('button', { name: 'Gửi góp ý' }).click();
  await expect(page.getByRole('textbox', { name: 'Nội dung góp ý' })).toHaveAttribute('aria-invalid', 'true');

  const words = 'Đồng chí Hằng gương mẫu trong sinh hoạt tổ dân phố, đề nghị chi bộ biểu dương.';
  await page.getByRole('textbox', { name: 'Nội dung góp ý' }).fill(words);
  await page.getByRole('button', { name: 'Gửi góp ý' }).click();
  await expect(page.getByText(words)).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Nội dung góp ý' })).toHaveValue('');
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);
  await screenshots(page, 'member-cell-feedback');

  // The API holds it, with the kind the member chose and the member as author.
  const commitmentId = new URL(page.url()).pathname.split('/').pop()!;
  const feedback = await member.get(`/api/commitments/${commitmentId}/feedback?pageSize=200`);
  const given = (feedback.items as Array<{ content: string; kind: string }>).find((f) => f.content === words);
  expect(given?.kind).toBe('commendation');
});
