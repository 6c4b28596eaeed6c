import { expect, test } from '@playwright/test';
import {
  DEMO_PASSWORD,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  MEMBER,
  openMenu,
  PHONE,
  screenshots,
} from './helpers.js';

test.use({ viewport: PHONE });

test.describe('Sessions in a browser (UI.md; journey 9)', () => {
  test('the login page names its fields, says a wrong password in words, and is accessible', async ({
    page,
  }) => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/dang-nhap$/);
    await expect(page.getByRole('textbox', { name: 'Tên đăng nhập', exact: true })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, 'login');

    await page.getByRole('textbox', { name: 'Tên đăng nhập', exact: true }).fill(MEMBER);
    await page.getByRole('textbox', { name: 'Mật khẩu', exact: true }).fill('sai-mật-khẩu-rồi');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await expect(page.getByRole('alert')).toContainText('Tên đăng nhập hoặc mật khẩu không đúng.');
    await expect(page.getByText('INVALID_CREDENTIALS')).toHaveCount(0);
  });

  test('a reload keeps the person signed in; a deep link returns there after login; logout ends the session', async ({
    page,
    context,
  }) => {
    await page.goto('/bieu-hien');
    await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fbieu-hien$/);
    await logIn(page, MEMBER);
    await expect(page).toHaveURL(/\/bieu-hien$/);
    await expect(page.getByRole('heading', { level: 1, name: '27 biểu hiện suy thoái' })).toBeVisible();
    await expect(page.getByTestId('user-name')).not.toHaveText(MEMBER); // the full name, not the login

    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'camket_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
    // Nothing of the session in the page's storage.
    expect(await page.evaluate(() => localStorage.length + sessionStorage.length)).toBe(0);

    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: '27 biểu hiện suy thoái' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Đăng xuất' })).toBeVisible();

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await expect(page).toHaveURL(/\/dang-nhap$/);
    expect((await context.cookies()).find((c) => c.name === 'camket_refresh')).toBeUndefined();
    await page.goto('/cam-ket');
    await expect(page).toHaveURL(/\/dang-nhap\?next=%2Fcam-ket$/);
  });

  test('the menu shows the member the pages they use, behind a burger on a phone', async ({ page }) => {
    await logIn(page, MEMBER);
    await expect(page.getByRole('link', { name: 'Cam kết của tôi', exact: true })).not.toBeInViewport();
    await openMenu(page);
    const menu = page.getByRole('navigation', { name: 'Menu chính' });
    for (const name of ['Việc cần làm', 'Cam kết của tôi', '27 biểu hiện'])
      await expect(menu.getByRole('link', { name })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Quản trị' })).toHaveCount(0);
    await expectNoHorizontalScroll(page);
    await menu.getByRole('link', { name: 'Cam kết của tôi', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Cam kết của tôi' })).toBeVisible();
    await expect(menu.getByRole('link', { name: 'Cam kết của tôi', exact: true })).not.toBeInViewport();
  });

  test('notifications and change password (journey 9)', async ({ page, request }) => {
    await logIn(page, 'phobithu.tdp1');
    await openMenu(page);
    await page.getByRole('link', { name: 'Thông báo', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Thông báo' })).toBeVisible();
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, 'notifications');

    await openMenu(page);
    await page.getByRole('link', { name: 'Đổi mật khẩu', exact: true }).click();
    await page.getByRole('textbox', { name: 'Mật khẩu hiện tại', exact: true }).fill('không-phải-mật-khẩu');
    await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill('Mật-khẩu-mới-2026');
    await page.getByRole('textbox', { name: 'Nhập lại mật khẩu mới', exact: true }).fill('Mật-khẩu-mới-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(page.getByText('Mật khẩu hiện tại không đúng.')).toBeVisible();

    await page.getByRole('textbox', { name: 'Mật khẩu hiện tại', exact: true }).fill('CamKet-Demo-2026');
    await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill('ngắn');
    await page.getByRole('textbox', { name: 'Nhập lại mật khẩu mới', exact: true }).fill('ngắn');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(page.getByText('Cần ít nhất 12 ký tự.')).toBeVisible();
    await expectAccessible(page);
    await screenshots(page, 'change-password');

    await page.getByRole('textbox', { name: 'Mật khẩu mới', exact: true }).fill('Mật-khẩu-mới-2026');
    await page.getByRole('textbox', { name: 'Nhập lại mật khẩu mới', exact: true }).fill('Mật-khẩu-mới-2026');
    await page.getByRole('button', { name: 'Đổi mật khẩu' }).click();
    await expect(page.getByText('Đã đổi mật khẩu.', { exact: false })).toBeVisible();
    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await logIn(page, 'phobithu.tdp1', 'Mật-khẩu-mới-2026');

    // The demo login gets its password back, so journeys that run later on this database can use it.
    const login = await request.post('/api/auth/login', {
      data: { username: 'phobithu.tdp1', password: 'Mật-khẩu-mới-2026' },
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const restored = await request.post('/api/auth/change-password', {
      headers: { authorization: `Bearer ${accessToken}` },
      data: { currentPassword: 'Mật-khẩu-mới-2026', newPassword: DEMO_PASSWORD },
    });
    expect(restored.status()).toBeLessThan(300);
  });
});
