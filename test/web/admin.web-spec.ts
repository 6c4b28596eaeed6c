import { readFileSync } from 'node:fs';
import { APIRequestContext, expect, Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import {
  ADMIN,
  ADMIN_PASSWORD,
  apiLogin,
  DESKTOP,
  TEST_PASSWORD,
  expectAccessible,
  logIn,
  screenshots,
} from './helpers.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

test.use({ viewport: DESKTOP, actionTimeout: 15_000 });
// Long journeys on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(300_000);

/**
 * An organisation tree of its own, apart from the demo city the other journeys use: a top-level
 * committee with two wards (đảng bộ cơ sở), their cells, members, and three accounts.
 */
async function ownTree(request: APIRequestContext) {
  const admin = await apiLogin(request, ADMIN, ADMIN_PASSWORD);
  const stamp = Date.now().toString(36);
  const code = `QT${stamp}`.toUpperCase();
  const org = (
    name: string,
    suffix: string,
    kind: 'committee' | 'cell',
    isGrassroots: boolean,
    parentId: string | null,
  ) => admin.post('/api/organizations', { code: `${code}${suffix}`, name, kind, isGrassroots, parentId });
  const top = await org(`Đảng bộ Khối thử nghiệm ${stamp}`, '', 'committee', false, null);
  const wardA = await org('Đảng bộ phường An Hòa', '.A', 'committee', true, top.id);
  const wardB = await org('Đảng bộ phường Bình Minh', '.B', 'committee', true, top.id);
  const cellA1 = await org('Chi bộ Khu phố Đông', '.A1', 'cell', false, wardA.id);
  const cellA2 = await org('Chi bộ Khu phố Tây', '.A2', 'cell', false, wardA.id);
  const cellB1 = await org('Chi bộ Khu phố Nam', '.B1', 'cell', false, wardB.id);
  const member = (fullName: string, cellId: string) =>
    admin.post('/api/members', { fullName, cellId, status: 'official' });
  const hang = await member('Nguyễn Thị Hằng', cellA1.id);
  const duc = await member('Nguyễn Văn Đức', cellA1.id);
  const chau = await member('Trần Minh Châu', cellA1.id);
  const phuc = await member('Lê Văn Phúc', cellA1.id);
  const ha = await member('Phạm Thu Hà', cellA2.id);
  const user = (username: string, memberId: string, roles: object[]) =>
    admin.post('/api/users', { username, password: TEST_PASSWORD, memberId, roles });
  const prefix = `qt${stamp}`;
  const leader = await user(`${prefix}.lanhdao`, phuc.id, [{ role: 'leader', organizationId: wardA.id }]);
  const outside = await user(`${prefix}.ngoai`, ha.id, [{ role: 'secretary', organizationId: cellB1.id }]);
  const plain = await user(`${prefix}.chau`, chau.id, []);
  return { admin, stamp, code, top, wardA, wardB, cellA1, cellA2, cellB1, hang, duc, leader, outside, plain };
}

async function choose(page: Page, label: string, value: string): Promise<void> {
  await page.getByLabel(label, { exact: true }).selectOption(value);
}

/** UI.md journey 8: the admin keeps the tree, the members, the import, the accounts; reads catalogs and the log. */
test('Quản trị: tree, members, import, roles, catalogs and the audit log as the admin', async ({
  page,
  request,
}) => {
  const t = await ownTree(request);
  await logIn(page, ADMIN, ADMIN_PASSWORD);
  await page.getByRole('link', { name: 'Quản trị' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Quản trị' })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'admin-home');

  // The tree: add a cell under ward A, rename it, a refused move explained, then a move.
  await page.getByRole('link', { name: 'Tổ chức đảng' }).first().click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tổ chức đảng' })).toBeVisible();
  await page.getByLabel('Tìm tổ chức').fill('an hoa'); // without diacritics finds "An Hòa"
  const tree = page.getByRole('list', { name: 'Cây tổ chức' });
  await expect(tree.getByRole('button', { name: /Đảng bộ phường An Hòa/ })).toBeVisible();
  await expect(tree.getByRole('button', { name: /Đảng bộ phường Bình Minh/ })).toHaveCount(0);
  await tree.getByRole('button', { name: /Đảng bộ phường An Hòa/ }).click();
  await page.getByLabel('Tên tổ chức mới').fill('Chi bộ Khu phố Mới');
  await page.getByLabel('Mã tổ chức mới').fill(`${t.code}.A3`);
  await page.getByRole('button', { name: 'Thêm tổ chức' }).click();
  await expect(page.getByText('Đã thêm Chi bộ Khu phố Mới.')).toBeVisible();
  await page.getByLabel('Tìm tổ chức').fill(t.stamp);
  await tree.getByRole('button', { name: /Chi bộ Khu phố Mới/ }).click();
  await page.getByRole('textbox', { name: 'Tên tổ chức', exact: true }).fill('Chi bộ Khu phố Mới số 3');
  await page.getByRole('button', { name: 'Lưu tên' }).click();
  await expect(tree.getByRole('button', { name: /Chi bộ Khu phố Mới số 3/ })).toBeVisible();
  const tops: Json[] = await t.admin.get('/api/organizations');
  const a3 = tops
    .find((o: Json) => o.id === t.top.id)
    .children.find((o: Json) => o.id === t.wardA.id)
    .children.find((o: Json) => o.code === `${t.code}.A3`);
  expect(a3.name).toBe('Chi bộ Khu phố Mới số 3');

  // Ward B into ward A: two grassroots organisations cannot nest; the refusal says so next to the field.
  await tree.getByRole('button', { name: /Đảng bộ phường Bình Minh/ }).click();
  await choose(page, 'Chuyển về trực thuộc', t.wardA.id);
  await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
  await expect(page.getByRole('alert', { name: /trái quy tắc của cây tổ chức đảng/ })).toBeVisible();
  await expect(page.getByText('không nằm trong một tổ chức cơ sở đảng khác')).toBeVisible();
  await expect(page.getByText(/ORGANIZATION_|grassroots_not_nested/)).toHaveCount(0);
  expect((await t.admin.get(`/api/organizations/${t.wardB.id}`)).parentId).toBe(t.top.id);
  await expectAccessible(page);
  await screenshots(page, 'admin-organizations');

  await tree.getByRole('button', { name: /Chi bộ Khu phố Mới số 3/ }).click();
  await choose(page, 'Chuyển về trực thuộc', t.wardB.id);
  await page.getByRole('button', { name: 'Chuyển', exact: true }).click();
  await expect(
    page.getByText(/Đã chuyển Chi bộ Khu phố Mới số 3 về trực thuộc Đảng bộ phường Bình Minh/),
  ).toBeVisible();
  expect((await t.admin.get(`/api/organizations/${a3.id}`)).parentId).toBe(t.wardB.id);

  // Members: "nguyen" finds both Nguyễn and not Trần; the full name with diacritics finds one; a transfer.
  await page.getByRole('link', { name: 'Đảng viên' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đảng viên' })).toBeVisible();
  await choose(page, 'Thuộc tổ chức', t.top.id);
  await page.getByLabel('Tìm theo tên').fill('nguyen');
  const list = page.getByRole('table', { name: 'Danh sách đảng viên' });
  await expect(page.getByRole('status').filter({ hasText: 'đảng viên khớp “nguyen”' })).toHaveText(
    '2 đảng viên khớp “nguyen”.',
  );
  await expect(list.getByRole('button', { name: 'Nguyễn Thị Hằng' })).toBeVisible();
  await expect(list.getByRole('button', { name: 'Nguyễn Văn Đức' })).toBeVisible();
  await expect(list.getByText('Trần Minh Châu')).toHaveCount(0);
  await page.getByLabel('Tìm theo tên').fill('Nguyễn Thị Hằng');
  await expect(page.getByRole('status').filter({ hasText: 'khớp' })).toHaveText(
    '1 đảng viên khớp “Nguyễn Thị Hằng”.',
  );
  await page.getByLabel('Tìm theo tên').fill('nguyen van duc');
  await list.getByRole('button', { name: 'Nguyễn Văn Đức' }).click();
  await page.getByRole('button', { name: 'Chuyển sinh hoạt' }).click();
  await expect(page.getByText('Hãy ghi lý do chuyển sinh hoạt.')).toBeVisible(); // the reason is asked for
  await choose(page, 'Chuyển đến chi bộ', t.cellB1.id);
  await page.getByRole('textbox', { name: 'Lý do chuyển' }).fill('Chuyển nơi cư trú về khu phố Nam');
  await page.getByRole('button', { name: 'Chuyển sinh hoạt' }).click();
  await expect(page.getByText('Đã chuyển Nguyễn Văn Đức sang Chi bộ Khu phố Nam.')).toBeVisible();
  expect((await t.admin.get(`/api/members/${t.duc.id}`)).cellId).toBe(t.cellB1.id);
  await expectAccessible(page);
  await screenshots(page, 'admin-members');

  // Import: the template, a broken file's dry run lists each bad row and column, then a good file imports.
  await page.getByRole('link', { name: 'Nhập danh sách' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhập danh sách đảng viên' })).toBeVisible();
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Tải mẫu XLSX' }).click();
  const template = await downloading;
  expect(template.suggestedFilename()).toBe('mau-nhap-dang-vien.xlsx');
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(readFileSync(await template.path()) as unknown as ArrayBuffer);
  const headers = (book.worksheets[0].getRow(1).values as unknown[]).filter(Boolean);
  expect(headers).toEqual(expect.arrayContaining(['Họ và tên', 'Chi bộ (mã)', 'Số thẻ đảng viên']));

  const header = 'Họ và tên,Ngày sinh,Giới tính,Số thẻ đảng viên,Chi bộ (mã),Ngày vào Đảng';
  const card = (n: number) => `8${Date.now()}${n}`;
  const broken = [
    header,
    `Đỗ Thị Lan,12/03/1980,Nữ,${card(1)},${t.code}.A1,05/06/2005`,
    `,01/01/1975,Nam,${card(2)},${t.code}.A1,`,
    `Vũ Văn Hải,31/02/1970,Nam,12AB,${t.code}.A1,`,
    `Hoàng Thị Mai,,Nữ,,KHONG-CO,`,
  ].join('\n');
  await page.getByLabel('Tệp danh sách (XLSX hoặc CSV)').setInputFiles({
    name: 'danh-sach-loi.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(broken, 'utf8'),
  });
  await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'dòng có lỗi' })).toHaveText(
    '3 trên 4 dòng có lỗi; sửa tệp rồi kiểm tra lại. Chưa có gì được ghi.',
  );
  const bad = page.getByRole('table', { name: 'Các dòng có lỗi' });
  await expect(bad.getByRole('row')).toHaveCount(4); // header + rows 3, 4, 5
  await expect(bad.getByRole('row', { name: /Dòng 3/ })).toContainText(
    'Họ và tên: Họ và tên không được để trống',
  );
  await expect(bad.getByRole('row', { name: /Dòng 4/ })).toContainText('Ngày sinh');
  await expect(bad.getByRole('row', { name: /Dòng 4/ })).toContainText('Số thẻ đảng viên');
  await expect(bad.getByRole('row', { name: /Dòng 5/ })).toContainText('Chi bộ (mã)');
  await expect(bad.getByText('Dòng 2', { exact: true })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Nhập đảng viên' })).toBeDisabled();
  await expectAccessible(page);
  await screenshots(page, 'admin-import');

  const good = [
    header,
    `Đỗ Thị Lan,12/03/1980,Nữ,${card(3)},${t.code}.A1,05/06/2005`,
    `Bùi Quang Vinh,20/10/1985,Nam,${card(4)},${t.code}.A2,`,
  ].join('\n');
  await page.getByLabel('Tệp danh sách (XLSX hoặc CSV)').setInputFiles({
    name: 'danh-sach.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(good, 'utf8'),
  });
  await page.getByRole('button', { name: 'Kiểm tra thử' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Tệp hợp lệ' })).toContainText(
    '2 dòng sẵn sàng nhập',
  );
  await page.getByRole('button', { name: 'Nhập đảng viên' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Đã nhập' })).toHaveText('Đã nhập 2 đảng viên.');
  const imported = await t.admin.get(`/api/members?organizationId=${t.top.id}&q=do thi lan`);
  expect(imported.items.map((m: Json) => m.fullName)).toEqual(['Đỗ Thị Lan']);

  // Accounts: the admin grants a bí thư role on a cell.
  await page.getByRole('link', { name: 'Tài khoản, vai trò' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Tài khoản và vai trò' })).toBeVisible();
  // Found by the member's name typed without diacritics; the list shows whose account it is.
  await page.getByLabel('Tìm tài khoản').fill('tran minh chau');
  const accounts = page.getByRole('table', { name: 'Danh sách tài khoản' });
  await expect(accounts.getByRole('row', { name: new RegExp(t.plain.username) })).toContainText(
    'Trần Minh Châu',
  );
  await accounts.getByRole('button', { name: t.plain.username }).click();
  await expect(page.getByText('Đảng viên: Trần Minh Châu')).toBeVisible();
  await choose(page, 'Vai trò cấp thêm', 'secretary');
  await choose(page, 'Chi bộ', t.cellA1.id);
  await page.getByRole('button', { name: 'Cấp vai trò' }).click();
  await expect(page.getByText(`Đã cấp vai trò Bí thư chi bộ cho ${t.plain.username}.`)).toBeVisible();
  await expect(page.getByRole('list', { name: 'Vai trò đang giữ' })).toContainText(
    'Bí thư chi bộ · Chi bộ Khu phố Đông',
  );
  expect((await t.admin.get(`/api/users/${t.plain.id}`)).roles).toEqual([
    { role: 'secretary', organizationId: t.cellA1.id },
  ]);
  await expectAccessible(page);
  await screenshots(page, 'admin-accounts');

  // Catalogs: the 27 and the 19 with their versions and verified flags, as the API has them.
  const manifestations: Json[] = await t.admin.get('/api/manifestations');
  const prohibitions: Json[] = await t.admin.get('/api/prohibitions');
  const verified = (items: Json[]) => items.filter((i) => i.verified).length;
  await page.getByRole('link', { name: 'Danh mục' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Danh mục' })).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'mục,' })).toHaveText(
    `27 mục, ${verified(manifestations)} đã đối chiếu với văn bản gốc.`,
  );
  const table = page.getByRole('table', { name: /27 biểu hiện/ });
  await expect(table.getByText('Chưa đối chiếu văn bản gốc')).toHaveCount(27 - verified(manifestations));
  await expect(table.getByText('Đã đối chiếu', { exact: true })).toHaveCount(verified(manifestations));
  const versions: Json[] = await t.admin.get('/api/manifestations/versions');
  const current = versions.find((v) => v.current);
  await expect(page.getByLabel('Phiên bản')).toContainText(`Phiên bản ${current.version} (đang dùng)`);
  await page.getByText('19 điều đảng viên không được làm (QĐ 37)').click();
  await expect(page.getByRole('status').filter({ hasText: 'mục,' })).toHaveText(
    `19 mục, ${verified(prohibitions)} đã đối chiếu với văn bản gốc.`,
  );
  // A past version of the 27, with its own verified flags.
  const first = versions[versions.length - 1];
  const firstItems: Json[] = await t.admin.get(`/api/manifestations?version=${first.version}`);
  await page.getByText('27 biểu hiện (NQ 4 khóa XII)').click();
  await choose(page, 'Phiên bản', String(first.version));
  await expect(page.getByRole('status').filter({ hasText: 'mục,' })).toHaveText(
    `27 mục, ${verified(firstItems)} đã đối chiếu với văn bản gốc.`,
  );
  await expectAccessible(page);
  await screenshots(page, 'admin-catalogs');

  // The audit log, filtered: the move of the new cell, and the transfer with its reason.
  await page.getByRole('link', { name: 'Nhật ký' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Nhật ký thao tác' })).toBeVisible();
  await choose(page, 'Thao tác', 'member.transfer');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  const log = page.getByRole('table', { name: 'Nhật ký thao tác' });
  await expect(log.getByRole('row').nth(1)).toContainText('Chuyển sinh hoạt');
  await expect(log).toContainText('Lý do: Chuyển nơi cư trú về khu phố Nam');
  await expect(log.getByRole('cell', { name: 'Chuyển tổ chức' })).toHaveCount(0);
  await choose(page, 'Thao tác', 'organization.move');
  await page.getByRole('button', { name: 'Lọc', exact: true }).click();
  await expect(log.getByRole('row').nth(1)).toContainText('Chuyển tổ chức');
  await expect(log.getByRole('cell', { name: 'Chuyển sinh hoạt' })).toHaveCount(0);
  const moves = await t.admin.get('/api/audit-log?action=organization.move');
  await expect(page.getByRole('status').filter({ hasText: 'mục nhật ký' })).toHaveText(
    `${moves.total} mục nhật ký.`,
  );
  await expectAccessible(page);
  await screenshots(page, 'admin-audit');
});

/** A leader administers their own subtree only: grants below it, and a refused grant said in words. */
test('Quản trị as a ward leader: only the allowed grants offered, a refused one explained', async ({
  page,
  request,
}) => {
  const t = await ownTree(request);
  await logIn(page, t.leader.username, TEST_PASSWORD);
  await page.getByRole('link', { name: 'Quản trị' }).click();
  await page.getByRole('link', { name: 'Tổ chức đảng' }).first().click();
  const tree = page.getByRole('list', { name: 'Cây tổ chức' });
  await expect(tree.getByRole('button', { name: /Đảng bộ phường An Hòa/ })).toBeVisible();
  await expect(tree.getByRole('button', { name: /Bình Minh|Khối thử nghiệm/ })).toHaveCount(0);

  await page.getByRole('link', { name: 'Tài khoản, vai trò' }).click();
  await page.getByLabel('Tìm tài khoản').fill(t.outside.username);
  await page.getByRole('button', { name: t.outside.username }).click();
  await expect(page.getByRole('list', { name: 'Vai trò đang giữ' })).toContainText(
    'Bí thư chi bộ · tổ chức ngoài phạm vi',
  );
  // Only what a leader may grant: no admin role, not their own committee.
  await expect(page.getByRole('option', { name: 'Quản trị hệ thống' })).toBeDisabled();
  await expect(
    page.getByText('Quản trị hệ thống: Chỉ quản trị hệ thống mới cấp vai trò quản trị hệ thống.'),
  ).toBeVisible();
  await choose(page, 'Vai trò cấp thêm', 'leader');
  await expect(page.getByRole('option', { name: /Đảng bộ phường An Hòa .* do cấp trên cấp/ })).toBeDisabled();
  await expect(
    page.getByText('Vai trò ở cấp của chính đồng chí do cấp ủy cấp trên hoặc quản trị hệ thống cấp.'),
  ).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'admin-accounts-leader');

  // The account holds a role in another ward: the API refuses, the page says why, nothing changes.
  await choose(page, 'Vai trò cấp thêm', 'secretary');
  await choose(page, 'Chi bộ', t.cellA1.id);
  await page.getByRole('button', { name: 'Cấp vai trò' }).click();
  await expect(page.getByRole('alert', { name: /ngoài phạm vi đồng chí phụ trách/ })).toBeVisible();
  await expect(page.getByText(/ROLE_OUT_OF_SCOPE/)).toHaveCount(0);
  expect((await t.admin.get(`/api/users/${t.outside.id}`)).roles).toEqual([
    { role: 'secretary', organizationId: t.cellB1.id },
  ]);
});
