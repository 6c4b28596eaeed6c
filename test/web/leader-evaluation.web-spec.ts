import { APIRequestContext, expect, Locator, Page, test } from '@playwright/test';
import {
  apiAs,
  DEMO_PASSWORD,
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  screenshots,
  vnYear,
} from './helpers.js';

test.use({ viewport: DESKTOP });
// A long journey on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(300_000);

/** The demo's provincial leader (src/cli/demo-plan.ts): the whole tree is theirs. */
const PROVINCE_LEADER = 'tinhuy.phutho';
const COMMON_REASON = 'Cấp ủy đánh giá theo kết quả thực hiện nhiệm vụ chuyên môn cả năm của đơn vị';

/**
 * The journey's own corner of the tree, made through the API so it shares nothing with the other
 * journeys (the ward of Liên Bảo keeps its own cycle, member-year-end.web-spec.ts): a committee of
 * enterprises above two grassroots organisations, so the quota is counted for each of them.
 */
async function buildEnterprises(request: APIRequestContext) {
  const leader = await apiAs(request, PROVINCE_LEADER);
  const me = await leader.get('/api/auth/me');
  const province = me.roles.find((r: { role: string }) => r.role === 'leader').organizationId as string;
  const tag = Date.now().toString(36);
  const org = (code: string, name: string, kind: string, isGrassroots: boolean, parentId: string) =>
    leader.post('/api/organizations', { code: `${code}-${tag}`, name, kind, isGrassroots, parentId });
  const block = await org('K-DN', 'Đảng bộ Khối Doanh nghiệp tỉnh', 'committee', false, province);
  const company = await org(
    'DN-MT',
    'Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên',
    'committee',
    true,
    block.id,
  );
  const team = await org('DN-MT.D1', 'Chi bộ Đội Vệ sinh môi trường', 'cell', false, company.id);
  const water = await org('DN-CN', 'Chi bộ Công ty TNHH Cấp nước Vĩnh Yên', 'cell', true, block.id);
  const member = (fullName: string, cellId: string) =>
    leader.post('/api/members', { fullName, cellId, status: 'official', joinedPartyOn: '2015-03-26' });
  const teamMembers = [];
  for (const name of [
    'Nguyễn Thị Hằng',
    'Trần Văn Bình',
    'Lê Thị Cúc',
    'Phạm Văn Dũng',
    'Vũ Thị Én',
    'Hoàng Văn Giang',
    'Bùi Thị Hoa',
  ])
    teamMembers.push(await member(name, team.id));
  const waterMembers = [await member('Đinh Văn Phong', water.id), await member('Mai Thị Quỳnh', water.id)];
  // The agency rated Đinh Văn Phong "không hoàn thành nhiệm vụ": a disqualifier for the year.
  const year = vnYear();
  await leader.post('/api/evaluation-inputs', {
    memberId: waterMembers[0].id,
    year,
    kind: 'state_rating_incomplete',
    basis: 'Công ty xếp loại viên chức năm nay: không hoàn thành nhiệm vụ',
    documentNumber: `45/QĐ-CN-${tag}`,
  });
  // The cell's secretary and one member can sign in: the self-assessment and the proposal.
  const secretary = `bithu.dvs.${tag}`;
  const self = `dangvien.dvs.${tag}`;
  await leader.post('/api/users', {
    username: secretary,
    password: DEMO_PASSWORD,
    memberId: teamMembers[0].id,
    roles: [{ role: 'secretary', organizationId: team.id }],
  });
  await leader.post('/api/users', {
    username: self,
    password: DEMO_PASSWORD,
    memberId: teamMembers[1].id,
    roles: [{ role: 'member' }],
  });
  return { leader, year, block, company, water, teamMembers, waterMembers, secretary, self };
}

/** Presses Tab (or Shift+Tab) until `target` has the focus: the keyboard's way to a control. */
async function tabTo(page: Page, target: Locator, key = 'Tab'): Promise<void> {
  for (let i = 0; i < 12; i++) {
    if (await target.evaluate((el) => el === document.activeElement)) return;
    await page.keyboard.press(key);
  }
  throw new Error('the keyboard never reached the control');
}

const decisionCell = (page: Page, name: string) =>
  page.getByRole('gridcell', { name: new RegExp(`^Quyết định cho ${name}:`) });

/** The quota row of one grassroots organisation. */
const quotaRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Định mức theo tổ chức cơ sở đảng' })
    .getByRole('row')
    .filter({ hasText: name });

/** The words of a table's column headers that the browser split over two lines ("Xế p lo ại"). */
async function wordsBrokenInHeaders(table: Locator): Promise<string[]> {
  return table.locator('thead th').evaluateAll((cells) =>
    cells.flatMap((cell) => {
      const broken: string[] = [];
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        for (const word of (node.textContent ?? '').matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(node, word.index);
          range.setEnd(node, word.index + word[0].length);
          const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
          if (lines.size > 1) broken.push(word[0]);
        }
      }
      return broken;
    }),
  );
}

/** UI.md journey 7: the cấp ủy's year-end evaluation. */
test('Đánh giá cuối năm: open, generate, decide by keyboard within the quota the API checks, finalize, reopen', async ({
  page,
  request,
}) => {
  const w = await buildEnterprises(request);

  await logIn(page, PROVINCE_LEADER);
  await page.getByRole('link', { name: 'Đánh giá cuối năm' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Đánh giá cuối năm' })).toBeVisible();

  // Opening without an organisation: the refusal in words beside the field.
  const openButton = page.getByRole('button', { name: 'Mở đợt đánh giá' });
  await openButton.click();
  await expect(page.getByRole('combobox', { name: 'Tổ chức' })).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Không tìm thấy mục được chọn.')).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'leader-evaluation-cycles');

  await page.getByRole('combobox', { name: 'Tổ chức' }).selectOption(w.block.id);
  await page.getByRole('combobox', { name: 'Năm' }).selectOption(String(w.year));
  await openButton.click();
  await expect(page).toHaveURL(/\/danh-gia\/[0-9a-f-]{36}$/);
  const cycleId = page.url().split('/').pop()!;
  await expect(
    page.getByRole('heading', { name: `Đảng bộ Khối Doanh nghiệp tỉnh · Năm ${w.year}` }),
  ).toBeVisible();
  await expect(page.getByTestId('cycle-status')).toHaveText('Đang mở');

  await page.getByRole('button', { name: 'Lập danh sách đánh giá' }).click();
  await expect(page.getByText('Đã lập danh sách 9 đảng viên (0 không xếp loại).')).toBeVisible();

  // The member self-assesses and the cell proposes (their own pages do this in the member's and
  // the secretary's journeys); the leader's list shows both beside the suggestion.
  const all = await w.leader.get(`/api/evaluations?cycleId=${cycleId}&pageSize=200`);
  const evalOf = (memberId: string) => all.items.find((e: { memberId: string }) => e.memberId === memberId);
  const binh = evalOf(w.teamMembers[1].id);
  const member = await apiAs(request, w.self);
  const assessed = await member.post(`/api/evaluations/${binh.id}/self-assessment`, {
    level: 'good',
    summary: 'Hoàn thành các nhiệm vụ được giao, gương mẫu trong phong trào xanh, sạch, đẹp.',
    version: binh.version,
  });
  const secretary = await apiAs(request, w.secretary);
  await secretary.post(`/api/evaluations/${binh.id}/proposal`, {
    level: 'good',
    comment: 'Chi bộ thống nhất đề nghị xếp loại Hoàn thành tốt nhiệm vụ.',
    version: assessed.version,
  });
  await page.reload();

  // Finalize before anything is decided: each organisation and what blocks it, in words.
  await page.getByRole('button', { name: 'Chốt kết quả' }).click();
  const blockers = page.getByTestId('finalize-blockers');
  await expect(blockers).toContainText(
    'Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên: 7 đảng viên chưa được cấp ủy quyết định xếp loại',
  );
  await expect(blockers).toContainText(
    'Chi bộ Công ty TNHH Cấp nước Vĩnh Yên: 2 đảng viên chưa được cấp ủy quyết định xếp loại',
  );
  await expect(page.getByRole('alert').filter({ hasText: 'Chưa chốt được' })).not.toContainText(
    /EVALUATION_|undecided|quota/,
  );
  await expectAccessible(page);

  // The water company first (the organisations come in name order): every reason of the suggestion.
  const organizationChoice = page.getByRole('combobox', { name: 'Tổ chức cơ sở đảng' });
  await organizationChoice.selectOption(w.water.id);
  const phong = evalOf(w.waterMembers[0].id);
  expect(phong.disqualifiers.length).toBeGreaterThan(0);
  await page.getByRole('textbox', { name: 'Lý do chung' }).fill(COMMON_REASON);
  await page.keyboard.press('Tab');
  const grid = page.getByRole('grid', { name: 'Quyết định xếp loại' });
  const names = await grid.getByRole('rowheader').allTextContents();
  expect(names).toEqual(['Đinh Văn Phong', 'Mai Thị Quỳnh']);
  await expect(decisionCell(page, 'Đinh Văn Phong')).toBeFocused();
  const detail = page.getByRole('region', { name: 'Đinh Văn Phong' });
  for (const reason of phong.reasons as Array<{ text: string; unverified: boolean }>) {
    const item = detail.getByTestId('reasons').getByRole('listitem').filter({ hasText: reason.text });
    await expect(item).toBeVisible();
    if (reason.unverified) await expect(item).toContainText('chưa đối chiếu văn bản gốc');
    else await expect(item).not.toContainText('chưa đối chiếu văn bản gốc');
  }
  expect(phong.reasons.some((r: { unverified: boolean }) => r.unverified)).toBe(true);
  // A level above the disqualifier is refused in words; "Không hoàn thành nhiệm vụ" is taken.
  await page.keyboard.press('t');
  await expect(page.getByTestId('decision-announcement')).toContainText(
    'Đinh Văn Phong: Có căn cứ buộc xếp Không hoàn thành nhiệm vụ',
  );
  await page.keyboard.press('k');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('t');
  await expect(decisionCell(page, 'Mai Thị Quỳnh')).toHaveAccessibleName(
    'Quyết định cho Mai Thị Quỳnh: Hoàn thành tốt nhiệm vụ, HTTNV chưa lưu',
  );
  const save = page.getByRole('button', { name: /^Lưu quyết định/ });
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã lưu 2 quyết định xếp loại.')).toBeVisible();

  // The environment company: its rows, with Trần Văn Bình's self-assessment and the cell's proposal.
  await organizationChoice.selectOption(w.company.id);
  await expect(grid.getByRole('rowheader')).toHaveCount(7);
  const order = await grid.getByRole('rowheader').allTextContents();
  const binhRow = grid.getByRole('row').filter({ hasText: 'Trần Văn Bình' });
  await expect(binhRow.getByRole('gridcell').nth(3)).toHaveText('HTTNV');
  await expect(binhRow.getByRole('gridcell').nth(4)).toHaveText('HTTNV');

  // Keyboard only, from the organisation's choice into the table.
  await tabTo(page, decisionCell(page, order[0]));
  const press = async (...keys: string[]) => {
    for (const k of keys) await page.keyboard.press(k);
  };
  // Two excellent and five good: 20% of 5 allows one, and the quota says so before anything is saved.
  await press('x', 'ArrowDown', 'x');
  await press('ArrowDown', 'h'); // a slip ...
  await expect(decisionCell(page, order[2])).toHaveAccessibleName(
    `Quyết định cho ${order[2]}: Hoàn thành nhiệm vụ, HTNV chưa lưu`,
  );
  await press('Control+z'); // ... undone
  await expect(decisionCell(page, order[2])).toHaveAccessibleName(
    `Quyết định cho ${order[2]}: chưa quyết định`,
  );
  await expect(decisionCell(page, order[2])).toBeFocused();
  await press('t', 'ArrowDown', 't', 'ArrowDown', 't', 'ArrowDown', 't', 'End', 't');
  await expect(decisionCell(page, order[6])).toBeFocused();
  const company = quotaRow(page, 'Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên');
  await expect(company.getByTestId('quota-figures')).toHaveText('2/1');
  await expect(company).toContainText('Vượt định mức');
  await expect(company).toContainText('tính cả lựa chọn chưa lưu');
  await expect(quotaRow(page, 'Chi bộ Công ty TNHH Cấp nước Vĩnh Yên')).toContainText('Trong định mức');
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã lưu 7 quyết định xếp loại.')).toBeVisible();
  await expect(company).not.toContainText('tính cả lựa chọn chưa lưu');
  await expect(company.getByTestId('quota-figures')).toHaveText('2/1');
  await expectAccessible(page);
  await screenshots(page, 'leader-evaluation-over-quota');

  // The quota shown is the API's: the cycle's summary, then finalize's refusal names the same
  // organisation, with the same figures, and only it.
  const summary = await w.leader.get(`/api/evaluation-cycles/${cycleId}`);
  const apiQuota = summary.summary.find(
    (s: { organizationId: string }) => s.organizationId === w.company.id,
  ).quota;
  expect(apiQuota).toEqual({ excellent: 2, good: 5, maxExcellent: 1, ok: false });
  const [refusal] = await Promise.all([
    page.waitForResponse((r) => r.url().endsWith(`/api/evaluation-cycles/${cycleId}/finalize`)),
    page.getByRole('button', { name: 'Chốt kết quả' }).click(),
  ]);
  expect(refusal.status()).toBe(409);
  const refused = await refusal.json();
  expect(refused.details).toHaveLength(1);
  expect(refused.details[0]).toMatchObject({
    rule: 'quota',
    organizationId: w.company.id,
    excellent: 2,
    good: 5,
    maxExcellent: 1,
  });
  const shown = await company.getByTestId('quota-figures').textContent();
  expect(shown).toBe(`${refused.details[0].excellent}/${refused.details[0].maxExcellent}`);
  await expect(blockers.getByRole('listitem')).toHaveCount(1);
  const excellentNames = refused.details[0].members.map((m: { fullName: string }) => m.fullName);
  expect([...excellentNames].sort()).toEqual([order[0], order[1]].sort());
  await expect(blockers).toHaveText(
    `Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên: 2 đảng viên được quyết định Hoàn thành xuất sắc nhiệm vụ, vượt định mức: tối đa 1 (20% của 5 Hoàn thành tốt nhiệm vụ, làm tròn xuống) (${excellentNames.join(', ')}).`,
  );
  await expectAccessible(page);

  // One excellent back to good: 1 for 6 good is within the quota; finalize.
  await tabTo(page, decisionCell(page, order[6]));
  await press('Home', 't');
  await expect(company.getByTestId('quota-figures')).toHaveText('1/1');
  await expect(company).toContainText('Trong định mức');
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã lưu 1 quyết định xếp loại.')).toBeVisible();
  await page.getByRole('button', { name: 'Chốt kết quả' }).click();
  await expect(page.getByTestId('cycle-status')).toHaveText('Đã chốt');
  await expect(page.getByTestId('finalize-blockers')).toHaveCount(0);
  // One toast at a time: the finalize's replaces the save's, so they do not pile over the title.
  await expect(page.getByText(`Đã chốt kết quả đánh giá, xếp loại năm ${w.year}.`)).toBeVisible();
  await expect(page.locator('.mantine-Notification-root')).toHaveCount(1);
  // On a 390 px phone the tables scroll sideways, and no header is split inside a word.
  await page.setViewportSize({ width: 390, height: 844 });
  const quotaTable = page.getByRole('table', { name: 'Định mức theo tổ chức cơ sở đảng' });
  expect(await wordsBrokenInHeaders(quotaTable)).toEqual([]);
  expect(await wordsBrokenInHeaders(page.getByRole('grid', { name: 'Quyết định xếp loại' }))).toEqual([]);
  await quotaTable.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/screens/leader-evaluation-quota-390.png' });
  await page.setViewportSize(DESKTOP);
  const finalized = await w.leader.get(`/api/evaluation-cycles/${cycleId}`);
  expect(finalized).toMatchObject({ status: 'finalized', locked: true });
  const decided = await w.leader.get(`/api/evaluations?cycleId=${cycleId}&pageSize=200`);
  const levels = Object.fromEntries(
    decided.items.map((e: { memberName: string; decision: { level: string } }) => [
      e.memberName,
      e.decision.level,
    ]),
  );
  expect(levels).toEqual({
    [order[0]]: 'good',
    [order[1]]: 'excellent',
    ...Object.fromEntries(order.slice(2).map((n) => [n, 'good'])),
    'Đinh Văn Phong': 'incomplete',
    'Mai Thị Quỳnh': 'good',
  });
  const withComment = decided.items.find((e: { memberName: string }) => e.memberName === order[1]);
  expect(withComment.decision.comment).toBe(COMMON_REASON);
  // Locked: the table changes nothing and says why.
  await decisionCell(page, order[0]).focus();
  await press('x');
  await expect(page.getByTestId('decision-announcement')).toHaveText(
    'Đợt đánh giá đã chốt; hãy mở lại để sửa quyết định.',
  );
  await expectAccessible(page);
  await screenshots(page, 'leader-evaluation-finalized');

  // Reopen: the reason is asked for, refused in words when too short, then recorded.
  await page.getByRole('button', { name: 'Mở lại' }).click();
  const reason = page.getByRole('textbox', { name: 'Lý do', exact: true });
  await reason.fill('Sửa');
  await page.getByRole('button', { name: 'Xác nhận mở lại' }).click();
  await expect(reason).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Cần ít nhất 5 ký tự.')).toBeVisible();
  await expectAccessible(page);
  const because = 'Ban Thường vụ yêu cầu xem xét lại kết quả của Đội Vệ sinh môi trường';
  await reason.fill(because);
  await page.getByRole('button', { name: 'Xác nhận mở lại' }).click();
  await expect(page.getByTestId('cycle-status')).toHaveText('Đang mở');
  await expect(page.getByTestId('reopen-reason')).toContainText(`lý do: ${because}`);
  const reopened = await w.leader.get(`/api/evaluation-cycles/${cycleId}`);
  expect(reopened).toMatchObject({ status: 'open', locked: false, reopenReason: because });
  await expectAccessible(page);
  await expectNoHorizontalScroll(page);

  // The list of cycles shows this one open again.
  await page.getByRole('link', { name: '← Các đợt đánh giá' }).click();
  await expect(
    page.getByRole('link', { name: new RegExp(`Năm ${w.year}: Đảng bộ Khối Doanh nghiệp tỉnh`) }),
  ).toContainText('Đang mở');
  await expectAccessible(page);

  // The higher committee allows the environment company two excellent: recorded from the page, the
  // quota shown counts it, and finalize (the API's check) accepts two excellent for six good.
  await page.getByRole('link', { name: new RegExp(`Năm ${w.year}: Đảng bộ Khối Doanh nghiệp tỉnh`) }).click();
  await page.getByRole('button', { name: 'Ghi quyết định cho vượt định mức' }).click();
  const exceptionForm = page.getByRole('region', {
    name: 'Quyết định của cấp ủy cấp trên cho vượt định mức',
  });
  await exceptionForm
    .getByRole('combobox', { name: 'Tổ chức được vượt định mức' })
    .selectOption(w.company.id);
  const approvers = exceptionForm.getByRole('combobox', { name: 'Cấp ủy cấp trên phê duyệt' });
  const city = await w.leader.get(`/api/organizations/${w.block.parentId}`);
  await expect(approvers.locator('option')).toHaveText(['Đảng bộ Khối Doanh nghiệp tỉnh', city.name]);
  await approvers.selectOption(w.block.id);
  const decisionNumber = exceptionForm.getByRole('textbox', { name: 'Số quyết định' });
  await decisionNumber.fill('15-QĐ/ĐUK');
  const decidedOn = exceptionForm.getByRole('textbox', { name: 'Ngày quyết định' });
  await decidedOn.fill(`02/01/${w.year + 1}`);
  const allowed = exceptionForm.getByRole('textbox', {
    name: 'Số đảng viên Hoàn thành xuất sắc nhiệm vụ tối đa',
  });
  await allowed.fill('2');
  await exceptionForm.getByRole('button', { name: 'Ghi quyết định' }).click();
  // A decision dated after today is refused beside its field; nothing is recorded.
  await expect(decidedOn).toHaveAttribute('aria-invalid', 'true');
  await expect(exceptionForm.getByText('Ngày không được ở tương lai.')).toBeVisible();
  expect(
    (await w.leader.get(`/api/evaluation-cycles/${cycleId}`)).summary.find(
      (s: { organizationId: string }) => s.organizationId === w.company.id,
    ).quotaException,
  ).toBeNull();
  await expectAccessible(page);
  const twoDaysAgo = new Date(Date.now() - 2 * 86_400_000);
  const day = (n: number) => String(n).padStart(2, '0');
  const decided2 = `${day(twoDaysAgo.getUTCDate())}/${day(twoDaysAgo.getUTCMonth() + 1)}/${twoDaysAgo.getUTCFullYear()}`;
  await decidedOn.fill(decided2);
  await exceptionForm.getByRole('button', { name: 'Ghi quyết định' }).click();
  await expect(
    page.getByText('Đã ghi quyết định cho Đảng bộ Công ty Cổ phần Môi trường Vĩnh Yên vượt định mức.'),
  ).toBeVisible();
  await expect(company.getByTestId('quota-figures')).toHaveText('1/2');
  await expect(company).toContainText(
    `tối đa 2 theo Quyết định 15-QĐ/ĐUK ngày ${decided2} của cấp ủy cấp trên (định mức thường: 20% của 6 Hoàn thành tốt nhiệm vụ, làm tròn xuống)`,
  );
  const excepted = (await w.leader.get(`/api/evaluation-cycles/${cycleId}`)).summary.find(
    (s: { organizationId: string }) => s.organizationId === w.company.id,
  );
  expect(excepted.quota).toEqual({ excellent: 1, good: 6, maxExcellent: 2, ok: true });
  expect(excepted.quotaException).toMatchObject({
    decisionNumber: '15-QĐ/ĐUK',
    approvedByOrganizationId: w.block.id,
    maxExcellent: 2,
  });
  // One organisation has its exception: the button stays for the other, whose quota is unchanged.
  await expect(quotaRow(page, 'Chi bộ Công ty TNHH Cấp nước Vĩnh Yên')).not.toContainText('theo Quyết định');
  // A second excellent by keyboard: 2/2 within the quota shown, and finalize agrees.
  await organizationChoice.selectOption(w.company.id);
  await page.getByRole('textbox', { name: 'Lý do chung' }).fill(COMMON_REASON);
  await tabTo(page, decisionCell(page, order[0]));
  await press('x');
  await expect(company.getByTestId('quota-figures')).toHaveText('2/2');
  await expect(company).toContainText('Trong định mức');
  await tabTo(page, save);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Đã lưu 1 quyết định xếp loại.')).toBeVisible();
  await page.getByRole('button', { name: 'Chốt kết quả' }).click();
  await expect(page.getByTestId('cycle-status')).toHaveText('Đã chốt');
  await expect(page.getByTestId('finalize-blockers')).toHaveCount(0);
  const final = await w.leader.get(`/api/evaluation-cycles/${cycleId}`);
  expect(final).toMatchObject({ status: 'finalized', locked: true });
  expect(
    final.summary.find((s: { organizationId: string }) => s.organizationId === w.company.id).quota,
  ).toEqual({ excellent: 2, good: 5, maxExcellent: 2, ok: true });
  await screenshots(page, 'leader-evaluation-quota-exception');
});
