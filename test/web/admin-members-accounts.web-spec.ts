import { APIRequestContext, expect, Locator, test } from '@playwright/test';
import {
  ADMIN,
  ADMIN_PASSWORD,
  apiLogin,
  DESKTOP,
  TEST_PASSWORD,
  expectAccessible,
  logIn,
  PHONE,
  screenshots,
} from './helpers.js';
import { BASE_URL } from './web-env.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

test.use({ viewport: DESKTOP, actionTimeout: 15_000 });
// Long journeys on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(300_000);

/** Whether a username and password sign in (200) or not (401), through the API. */
async function loginStatus(request: APIRequestContext, username: string, password: string) {
  const res = await request.post(`${BASE_URL}/api/auth/login`, { data: { username, password } });
  return res.status();
}

/**
 * A tree of its own, apart from the demo the other journeys read: a district committee over one
 * ward (đảng bộ cơ sở) with two cells, another ward outside the leader's reach, and accounts.
 */
async function ownTree(request: APIRequestContext) {
  const admin = await apiLogin(request, ADMIN, ADMIN_PASSWORD);
  const stamp = Date.now().toString(36);
  const code = `TK${stamp}`.toUpperCase();
  const org = (name: string, suffix: string, kind: string, isGrassroots: boolean, parentId: string | null) =>
    admin.post('/api/organizations', { code: `${code}${suffix}`, name, kind, isGrassroots, parentId });
  const top = await org(`Đảng bộ huyện Tam Nông ${stamp}`, '', 'committee', false, null);
  const ward = await org('Đảng bộ xã Hương Nộn', '.H', 'committee', true, top.id);
  const cellEast = await org('Chi bộ khu Đồng Mít', '.H1', 'cell', false, ward.id);
  const cellWest = await org('Chi bộ khu Gò Chè', '.H2', 'cell', false, ward.id);
  const other = await org('Đảng bộ xã Dậu Dương', '.D', 'committee', true, top.id);
  const cellOther = await org('Chi bộ khu Bến Gót', '.D1', 'cell', false, other.id);
  const member = (fullName: string, cellId: string) =>
    admin.post('/api/members', { fullName, cellId, status: 'official' });
  const thao = await member('Hà Thị Thảo', cellEast.id);
  const khoa = await member('Lê Đăng Khoa', cellEast.id);
  const tuan = await member('Cao Minh Tuấn', cellWest.id);
  const outsider = await member('Vi Văn Sơn', cellOther.id);
  const user = (username: string, memberId: string, roles: object[]) =>
    admin.post('/api/users', { username, password: TEST_PASSWORD, memberId, roles });
  const prefix = `tk${stamp}`;
  const leader = await user(`${prefix}.lanhdao`, thao.id, [{ role: 'leader', organizationId: ward.id }]);
  const coLeader = await user(`${prefix}.phobithu`, tuan.id, [{ role: 'leader', organizationId: ward.id }]);
  const plain = await user(`${prefix}.khoa`, khoa.id, []);
  return { admin, code, top, ward, cellEast, cellWest, other, cellOther, outsider, leader, coLeader, plain };
}

async function choose(where: Locator, label: string, value: string): Promise<void> {
  await where.getByLabel(label, { exact: true }).selectOption(value);
}

/** Quản trị > Đảng viên: a leader adds a member and edits one; refusals on the field they name. */
test('Đảng viên: add a member, edit one, the API refusals beside their fields, a version conflict explained', async ({
  page,
  request,
}) => {
  const t = await ownTree(request);
  const card = `9${Date.now()}`.slice(0, 12);
  await logIn(page, t.leader.username, TEST_PASSWORD);
  await page.goto('/quan-tri/dang-vien');
  await expect(page.getByRole('heading', { level: 1, name: 'Đảng viên' })).toBeVisible();

  // The new member's form offers the cells of the leader's ward only.
  await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
  const form = page.getByRole('form', { name: 'Thêm đảng viên' });
  const cells = form.getByRole('combobox', { name: 'Chi bộ sinh hoạt' });
  await expect(cells.locator('option', { hasText: 'Chi bộ khu Đồng Mít' })).toHaveCount(1);
  await expect(cells.locator('option', { hasText: 'Chi bộ khu Gò Chè' })).toHaveCount(1);
  await expect(cells.locator('option', { hasText: 'Bến Gót' })).toHaveCount(0);

  // Refused by the API: a card number of letters, no cell. Each refusal sits on its field; nothing stored.
  await form.getByRole('textbox', { name: 'Họ và tên' }).fill('Nguyễn Thị Hằng');
  await form.getByLabel('Số thẻ đảng viên', { exact: true }).fill('12AB34');
  await form.getByRole('button', { name: 'Lưu đảng viên mới' }).click();
  await expect(form.getByLabel('Số thẻ đảng viên', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Số thẻ đảng viên gồm 6 đến 20 chữ số.')).toBeVisible();
  await expect(cells).toHaveAttribute('aria-invalid', 'true');
  await expect(form.getByText('Hãy chọn một chi bộ.')).toBeVisible();
  await expect(page.getByText(/partyCardNumber|VALIDATION_FAILED/)).toHaveCount(0);
  const none = await t.admin.get(`/api/members?organizationId=${t.ward.id}&q=nguyen thi hang`);
  expect(none.total).toBe(0);
  await expectAccessible(page);

  // Corrected: stored with its diacritics and every field as typed.
  await form.getByLabel('Số thẻ đảng viên', { exact: true }).fill(card);
  await form.getByLabel('Ngày sinh', { exact: true }).fill('1982-07-14');
  await choose(form, 'Giới tính', 'female');
  await cells.selectOption(t.cellEast.id);
  await choose(form, 'Loại đảng viên', 'probationary');
  await form.getByLabel('Ngày vào Đảng', { exact: true }).fill('2025-11-20');
  await form.getByLabel('Chức vụ', { exact: true }).fill('Chi hội trưởng chi hội phụ nữ');
  await screenshots(page, 'admin-member-new');
  await form.getByRole('button', { name: 'Lưu đảng viên mới' }).click();
  await expect(page.getByText('Đã thêm đảng viên Nguyễn Thị Hằng.')).toBeVisible();
  const found = await t.admin.get(`/api/members?organizationId=${t.ward.id}&q=nguyen thi hang`);
  expect(found.total).toBe(1);
  const hang = await t.admin.get(`/api/members/${found.items[0].id}`);
  expect(hang).toMatchObject({
    fullName: 'Nguyễn Thị Hằng',
    partyCardNumber: card,
    dateOfBirth: '1982-07-14',
    gender: 'female',
    cellId: t.cellEast.id,
    status: 'probationary',
    joinedPartyOn: '2025-11-20',
    position: 'Chi hội trưởng chi hội phụ nữ',
    version: 1,
  });
  // The new member's panel is open (named by the member, who is renamed below).
  const panel = page.getByRole('region', { name: /^Nguyễn Thị (Thu )?Hằng$/ });
  await expect(panel.getByTestId('member-details')).toHaveText(
    'Nữ · sinh ngày 14/07/1982 · vào Đảng ngày 20/11/2025',
  );

  // A second one with the same card number: the API's 409 said on the field.
  await page.getByRole('button', { name: 'Thêm đảng viên' }).click();
  await form.getByRole('textbox', { name: 'Họ và tên' }).fill('Đặng Văn Đức');
  await form.getByLabel('Số thẻ đảng viên', { exact: true }).fill(card);
  await cells.selectOption(t.cellWest.id);
  await form.getByRole('button', { name: 'Lưu đảng viên mới' }).click();
  await expect(page.getByRole('alert', { name: 'Số thẻ đảng viên này đã có người dùng.' })).toBeVisible();
  await expect(form.getByLabel('Số thẻ đảng viên', { exact: true })).toHaveAttribute('aria-invalid', 'true');
  await form.getByLabel('Số thẻ đảng viên', { exact: true }).fill('');
  await form.getByRole('button', { name: 'Lưu đảng viên mới' }).click();
  await expect(page.getByText('Đã thêm đảng viên Đặng Văn Đức.')).toBeVisible();
  const ducs = await t.admin.get(`/api/members?organizationId=${t.ward.id}&q=dang van duc`);
  expect(ducs.items.map((m: Json) => [m.fullName, m.cellId, m.partyCardNumber])).toEqual([
    ['Đặng Văn Đức', t.cellWest.id, null],
  ]);

  // Edit Nguyễn Thị Hằng: official now, with a position; only what changed is sent.
  await page.getByLabel('Tìm theo tên').fill('hang');
  await page
    .getByRole('table', { name: 'Danh sách đảng viên' })
    .getByRole('button', { name: 'Nguyễn Thị Hằng' })
    .click();
  await panel.getByRole('button', { name: 'Sửa thông tin' }).click();
  await expect(panel.getByRole('textbox', { name: 'Họ và tên' })).toHaveValue('Nguyễn Thị Hằng');
  await expect(panel.getByRole('combobox', { name: 'Chi bộ sinh hoạt' })).toHaveCount(0); // a move is a transfer
  await choose(panel, 'Loại đảng viên', 'official');
  await panel.getByLabel('Chức vụ', { exact: true }).fill('Chi ủy viên, Chi hội trưởng chi hội phụ nữ');
  await panel.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByText('Đã lưu thông tin của Nguyễn Thị Hằng.')).toBeVisible();
  expect(await t.admin.get(`/api/members/${hang.id}`)).toMatchObject({
    fullName: 'Nguyễn Thị Hằng',
    status: 'official',
    position: 'Chi ủy viên, Chi hội trưởng chi hội phụ nữ',
    version: 2,
  });
  const edits = await t.admin.get(`/api/audit-log?action=member.update&entityId=${hang.id}`);
  expect(Object.keys(edits.items[0].changes).sort()).toEqual(['position', 'status']);

  // Someone else saves while the form is open: the 409 explained, what they changed listed, what was
  // typed kept; the person keeps their own text and saves over the latest version.
  await panel.getByRole('button', { name: 'Sửa thông tin' }).click();
  await panel.getByRole('textbox', { name: 'Họ và tên' }).fill('Nguyễn Thị Thu Hằng');
  await t.admin.patch(`/api/members/${hang.id}`, { version: 2, dateOfBirth: '1982-07-15' });
  await panel.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(panel.getByRole('alert', { name: /Người khác vừa thay đổi bản này/ })).toBeVisible();
  const conflict = panel.getByTestId('member-conflict');
  await expect(conflict).toContainText('Ngày sinh: 15/07/1982');
  await expect(panel.getByRole('textbox', { name: 'Họ và tên' })).toHaveValue('Nguyễn Thị Thu Hằng');
  expect((await t.admin.get(`/api/members/${hang.id}`)).fullName).toBe('Nguyễn Thị Hằng');
  await expectAccessible(page);
  await screenshots(page, 'admin-member-conflict');
  await conflict.getByRole('button', { name: 'Giữ nội dung tôi nhập' }).click();
  await panel.getByRole('button', { name: 'Lưu thay đổi' }).click();
  await expect(page.getByText('Đã lưu thông tin của Nguyễn Thị Thu Hằng.')).toBeVisible();
  expect(await t.admin.get(`/api/members/${hang.id}`)).toMatchObject({
    fullName: 'Nguyễn Thị Thu Hằng',
    dateOfBirth: '1982-07-15',
    version: 4,
  });
  await expect(panel.getByTestId('member-details')).toHaveText(
    'Nữ · sinh ngày 15/07/1982 · vào Đảng ngày 20/11/2025',
  );
  await expectAccessible(page);
  await screenshots(page, 'admin-member-edited');
});

/** Quản trị > Tài khoản: a temporary password for someone who forgot theirs, shown once. */
test('Tài khoản: reset a member’s password, shown once; a co-leader’s refused in words; not one’s own', async ({
  page,
  request,
}) => {
  const t = await ownTree(request);
  await page.setViewportSize(PHONE);
  await logIn(page, t.leader.username, TEST_PASSWORD);
  await page.goto('/quan-tri/tai-khoan');
  await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản và vai trò' })).toBeVisible();

  // One's own account: no reset here, the way to Đổi mật khẩu instead.
  await page.getByLabel('Tìm tài khoản').fill(t.leader.username);
  await page.getByRole('button', { name: t.leader.username, exact: true }).click();
  const own = page.getByRole('region', { name: t.leader.username });
  await expect(own.getByRole('link', { name: 'Đổi mật khẩu' })).toHaveAttribute('href', '/doi-mat-khau');
  await expect(page.getByRole('button', { name: 'Đặt lại mật khẩu' })).toHaveCount(0);

  // A member's account: too short refused before sending, then a generated one set and shown once.
  await page.getByLabel('Tìm tài khoản').fill('le dang khoa');
  await page.getByRole('button', { name: t.plain.username, exact: true }).click();
  await expect(page.getByText('Đảng viên: Lê Đăng Khoa')).toBeVisible();
  const typed = page.getByLabel('Mật khẩu tạm', { exact: true });
  await typed.fill('ngắn-quá');
  await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  await expect(typed).toHaveAccessibleDescription('Cần ít nhất 12 ký tự.');
  await page.getByRole('button', { name: 'Tạo mật khẩu tạm' }).click();
  const temporary = await typed.inputValue();
  expect(temporary).toMatch(/^[^-]{4}-[^-]{4}-[^-]{4}-[^-]{4}$/);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  const issued = page.getByTestId('issued-password');
  await expect(issued).toContainText(`Mật khẩu tạm: ${temporary}`);
  await expect(issued).toContainText('đổi ngay ở trang Đổi mật khẩu');
  expect(await loginStatus(request, t.plain.username, TEST_PASSWORD)).toBe(401);
  expect(await loginStatus(request, t.plain.username, temporary)).toBe(200);
  const audit = await t.admin.get(`/api/audit-log?action=user.update&entityId=${t.plain.id}`);
  expect(audit.items[0].changes).toMatchObject({ passwordReset: true });
  await expectAccessible(page);
  await screenshots(page, 'admin-password-reset');
  await issued.getByRole('button', { name: 'Đã chuyển, ẩn mật khẩu' }).click();
  await expect(page.getByText(temporary)).toHaveCount(0);

  // A co-leader of the same ward: the API refuses, the page says who may, the password stays.
  await page.getByLabel('Tìm tài khoản').fill(t.coLeader.username);
  await page.getByRole('button', { name: t.coLeader.username, exact: true }).click();
  await page.getByLabel('Mật khẩu tạm', { exact: true }).fill('Mật-khẩu-tạm-cấp-lại-2026');
  await page.getByRole('button', { name: 'Đặt lại mật khẩu' }).click();
  await expect(page.getByText('mật khẩu do cấp trên hoặc quản trị hệ thống đặt lại.')).toBeVisible();
  await expect(page.getByText(/PEER_PASSWORD_RESET|strictlyBelow/)).toHaveCount(0);
  expect(await loginStatus(request, t.coLeader.username, TEST_PASSWORD)).toBe(200);
  await expectAccessible(page);
});
