import { expect, test } from '@playwright/test';
import {
  apiAs,
  DEMO_PASSWORD,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  MEMBER,
  openMenu,
  PHONE,
  screenshots,
  vnYear,
} from './helpers.js';
import { BASE_URL } from './web-env.js';

test.use({ viewport: PHONE });
// Long journeys on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(240_000);

/** UI.md journey 3: the yearly self-check against the 27 manifestations, on a phone. */
test('Tự kiểm tra: the 27 with their texts, answered by keyboard, saved, and kept across a 409', async ({
  page,
  request,
}) => {
  const member = await apiAs(request, MEMBER);
  const me = await member.get('/api/auth/me');
  const year = vnYear();
  const manifestations = (await member.get('/api/manifestations')) as Array<{
    code: number;
    verified: boolean;
  }>;
  const unverified = manifestations.filter((m) => !m.verified).length;

  await logIn(page, MEMBER);
  await openMenu(page);
  await page.getByRole('link', { name: 'Tự kiểm tra' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tự kiểm tra 27 biểu hiện' })).toBeVisible();
  await expect(page.getByRole('radiogroup')).toHaveCount(27);
  await expect(page.getByText('chưa đối chiếu văn bản gốc', { exact: true })).toHaveCount(unverified);
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // Keyboard alone: into manifestation 4's group, arrows move the choice, a note field follows.
  const four = page.getByRole('radiogroup', { name: 'Biểu hiện 4', exact: true });
  await four.getByRole('radio', { name: 'Không có' }).focus();
  await page.keyboard.press('Space');
  await page.keyboard.press('ArrowRight');
  await expect(four.getByRole('radio', { name: 'Có nguy cơ' })).toBeChecked();
  await page.keyboard.press('Tab');
  const note4 = page.getByRole('textbox', { name: 'Ghi chú biểu hiện 4', exact: true });
  await expect(note4).toBeFocused();
  await page.keyboard.type('Đôi lúc còn ngại đấu tranh với quan điểm sai trên mạng xã hội.');
  // The rest by tapping, as on a phone.
  for (const m of manifestations) {
    if (m.code === 4) continue;
    await page
      .getByRole('radiogroup', { name: `Biểu hiện ${m.code}`, exact: true })
      .getByText(m.code === 15 ? 'Có biểu hiện' : 'Không có', { exact: true })
      .click();
  }
  await page
    .getByRole('textbox', { name: 'Ghi chú biểu hiện 15', exact: true })
    .fill('Có lúc uống rượu bia khi dự đám cưới.');
  await expect(page.getByText('Đã tự kiểm tra 27/27 biểu hiện')).toBeVisible();
  const save = page.getByRole('button', { name: 'Lưu tự kiểm tra' });
  await save.click();
  await expect(page.getByText('Đã lưu bản tự kiểm tra.')).toBeVisible();

  const path = `/api/members/${me.memberId}/conduct-checks/${year}`;
  const saved = await member.get(path);
  const self = (code: number) => saved.items.find((i: { code: number }) => i.code === code).self;
  expect(self(4)).toEqual({
    status: 'at_risk',
    note: 'Đôi lúc còn ngại đấu tranh với quan điểm sai trên mạng xã hội.',
  });
  expect(self(15)).toEqual({ status: 'present', note: 'Có lúc uống rượu bia khi dự đám cưới.' });
  expect(self(1)).toEqual({ status: 'none', note: null });
  await screenshots(page, 'member-self-check');

  // Another tab (here the API) saves in between: the page's save answers 409 in words, keeps the answers.
  const login = await request.post(`${BASE_URL}/api/auth/login`, {
    data: { username: MEMBER, password: DEMO_PASSWORD },
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const other = await request.put(`${BASE_URL}${path}`, {
    headers: { authorization: `Bearer ${accessToken}` },
    data: { self: [{ code: 9, status: 'at_risk', note: 'Sửa ở thiết bị khác.' }], version: saved.version },
  });
  expect(other.status()).toBe(200);
  await page
    .getByRole('radiogroup', { name: 'Biểu hiện 20', exact: true })
    .getByText('Có nguy cơ', { exact: true })
    .click();
  await page
    .getByRole('textbox', { name: 'Ghi chú biểu hiện 20', exact: true })
    .fill('Chưa thật gương mẫu ở khu dân cư.');
  await save.click();
  await expect(page.getByRole('alert').filter({ hasText: 'Người khác vừa thay đổi bản này' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Ghi chú biểu hiện 20', exact: true })).toHaveValue(
    'Chưa thật gương mẫu ở khu dân cư.',
  );
  await expectAccessible(page);
  await save.click();
  await expect(page.getByText('Đã lưu bản tự kiểm tra.').last()).toBeVisible();
  await expect
    .poll(async () => (await member.get(path)).items.find((i: { code: number }) => i.code === 20).self)
    .toEqual({ status: 'at_risk', note: 'Chưa thật gương mẫu ở khu dân cư.' });
  await expectNoHorizontalScroll(page);
});
