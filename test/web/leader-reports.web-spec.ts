import { readFileSync } from 'node:fs';
import { expect, Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { PDFParse } from 'pdf-parse';
import { apiAs, DESKTOP, expectAccessible, logIn, screenshots, vnYear } from './helpers.js';

/** The demo's provincial leader (src/cli/demo-plan.ts): Tỉnh ủy Phú Thọ, the whole tree. */
const PROVINCE_LEADER = 'tinhuy.phutho';

test.use({ viewport: DESKTOP });
// A long journey on a shared 2-core machine: the budget is the whole journey, not a speed check.
test.setTimeout(300_000);

// The page's Vietnamese forms (web/src/lib/format.ts), written again here so a wrong format fails.
const vi = new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 });
const num = (n: number) => vi.format(n);
const rate = (r: number | null) => (r === null ? '—' : `${vi.format(r * 100)}%`);
const frac = (r: number | null, n: number, d: number) => `${rate(r)} (${num(n)}/${num(d)})`;

async function figure(page: Page, key: string): Promise<string> {
  return ((await page.locator(`[data-figure="${key}"]`).first().textContent()) ?? '').trim();
}

/** Every figure of the overview the page shows, against the API's answer to the last digit. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function expectOverview(page: Page, o: any): Promise<void> {
  const expected: Record<string, string> = {};
  for (const k of ['total', 'official', 'probationary', 'exempt', 'suspended', 'expected'])
    expected[`members.${k}`] = num(o.members[k]);
  const rates: Array<[string, { rate: number | null }, number, number]> = [
    [
      'registration.yearly',
      o.registration.yearly,
      o.registration.yearly.registered,
      o.registration.yearly.expected,
    ],
    [
      'studyParticipation',
      o.studyParticipation,
      o.studyParticipation.participated,
      o.studyParticipation.expected,
    ],
    [
      'followAmongStudied',
      o.followAmongStudied,
      o.followAmongStudied.registered,
      o.followAmongStudied.studied,
    ],
    ['studyCoverage', o.studyCoverage, o.studyCoverage.held, o.studyCoverage.organizations],
    ['meetingAttendance', o.meetingAttendance, o.meetingAttendance.present, o.meetingAttendance.expected],
    ['lateSubmissions', o.lateSubmissions, o.lateSubmissions.late, o.lateSubmissions.submitted],
  ];
  for (const [key, r, n, d] of rates) {
    expected[key] = rate(r.rate);
    expected[`${key}.of`] = `${num(n)}/${num(d)}`;
  }
  expected['outcomes.done'] = rate(o.outcomes.doneRate);
  expected['outcomes.done.of'] = `${num(o.outcomes.done)}/${num(o.outcomes.items)}`;
  expected['outcomes.achieved'] = rate(o.outcomes.achievedRate);
  expected['outcomes.achieved.of'] = `${num(o.outcomes.achieved)}/${num(o.outcomes.assessed)}`;
  for (const p of [...o.registration.quarterly, ...o.registration.monthly]) {
    expected[`registration.${p.period}`] = rate(p.rate);
    expected[`registration.${p.period}.of`] = `${num(p.registered)}/${num(p.expected)}`;
  }
  for (const [k, v] of Object.entries({
    items: o.outcomes.items,
    doneCount: o.outcomes.done,
    exceeded: o.outcomes.exceeded,
    partly: o.outcomes.partly,
    notDone: o.outcomes.notDone,
    unreported: o.outcomes.unreported,
    assessed: o.outcomes.assessed,
    achievedCount: o.outcomes.achieved,
    partlyAchieved: o.outcomes.partlyAchieved,
    notAchieved: o.outcomes.notAchieved,
  }))
    expected[`outcomes.${k}`] = num(v as number);
  for (const k of ['excellent', 'good', 'complete', 'incomplete', 'unclassified', 'undecided', 'total'])
    expected[`evaluation.${k}`] = num(o.evaluation[k]);
  for (const k of ['regular', 'thematic', 'study']) expected[`meetings.${k}`] = num(o.meetings[k]);
  expected['meetingIssues.raised'] = num(o.meetingIssues.raised);
  expected['meetingIssues.open'] = num(o.meetingIssues.open);
  // The 27 by group (Nghị quyết 4: 1-9, 10-18, 19-27), added up here from the API's 27 rows.
  const groups = ['political-ideology', 'ethics-lifestyle', 'self-evolution'];
  for (const [i, g] of groups.entries()) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    const inGroup = o.manifestations.filter((m: any) => Math.floor((m.code - 1) / 9) === i);
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expected[`manifestations.${g}.present`] = num(inGroup.reduce((s: number, m: any) => s + m.present, 0));
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    expected[`manifestations.${g}.atRisk`] = num(inGroup.reduce((s: number, m: any) => s + m.atRisk, 0));
  }
  await expect(page.locator('[data-figure="members.total"]')).toHaveText(expected['members.total']);
  const shown: Record<string, string> = {};
  for (const key of Object.keys(expected)) shown[key] = await figure(page, key);
  expect(shown).toEqual(expected);
}

async function download(page: Page, name: string): Promise<{ file: Buffer; name: string }> {
  const [d] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name, exact: true }).click(),
  ]);
  return { file: readFileSync(await d.path()), name: d.suggestedFilename() };
}

async function sheetOf(file: Buffer): Promise<ExcelJS.Worksheet> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(file as unknown as ExcelJS.Buffer);
  return wb.worksheets[0];
}

/** UI.md journey 6: the leader reads the year on a desktop. */
test('Báo cáo: the figures equal the API, the table sorts and drills down, every file is real', async ({
  page,
  request,
}) => {
  const leader = await apiAs(request, PROVINCE_LEADER);
  const me = await leader.get('/api/auth/me');
  const root = me.roles.find((r: { role: string }) => r.role === 'leader').organizationId as string;
  const year = vnYear();
  const q = `organizationId=${root}&year=${year}`;

  await logIn(page, PROVINCE_LEADER);
  await page.getByRole('link', { name: 'Báo cáo' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Báo cáo' })).toBeVisible();
  const overview = await leader.get(`/api/reports/overview?${q}`);
  await expect(
    page.getByRole('heading', { level: 2, name: `Tổng hợp năm ${year}: ${overview.organizationName}` }),
  ).toBeVisible();
  await expectOverview(page, overview);

  // The trend by month and by year, row by row.
  const months = await leader.get(`/api/reports/trend?${q}&by=month`);
  for (const m of months.months) {
    expect(await figure(page, `month.${m.month}.registration`)).toBe(
      frac(m.registration.rate, m.registration.registered, m.registration.expected),
    );
    expect(await figure(page, `month.${m.month}.attendance`)).toBe(
      frac(m.meetingAttendance.rate, m.meetingAttendance.present, m.meetingAttendance.expected),
    );
    expect(await figure(page, `month.${m.month}.meetings`)).toBe(
      num(m.meetings.regular + m.meetings.thematic + m.meetings.study),
    );
  }
  const years = await leader.get(
    `/api/reports/trend?organizationId=${root}&by=year&from=${year - 4}&to=${year}`,
  );
  await expect(page.locator(`[data-figure="year.${year}.members"]`)).toBeVisible();
  for (const y of years.years) {
    expect(await figure(page, `year.${y.year}.members`)).toBe(num(y.members.total));
    expect(await figure(page, `year.${y.year}.registration`)).toBe(
      frac(y.registration.yearly.rate, y.registration.yearly.registered, y.registration.yearly.expected),
    );
    expect(await figure(page, `year.${y.year}.done`)).toBe(
      frac(y.outcomes.doneRate, y.outcomes.done, y.outcomes.items),
    );
  }

  // The per-child table: the API's rows, then sorted as the API sorts them.
  const table = page.getByRole('table', { name: 'Các tổ chức trực thuộc' });
  const rowNames = async () =>
    table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.querySelector('a')!.textContent));
  const children = await leader.get(`/api/reports/organizations?${q}`);
  expect(children.items.length).toBeGreaterThan(1);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect(await rowNames()).toEqual(children.items.map((c: any) => c.name));
  for (const c of children.items) {
    const row = table.locator(`tr[data-organization="${c.organizationId}"]`);
    await expect(row.locator('[data-column="registrationRate"]')).toHaveText(
      frac(c.registrationRate, c.registered, c.expected),
    );
    await expect(row.locator('[data-column="meetingAttendanceRate"]')).toHaveText(
      frac(c.meetingAttendanceRate, c.attendancePresent, c.attendanceExpected),
    );
    await expect(row.locator('[data-column="members"]')).toHaveText(num(c.members));
  }
  const sortBy = table.getByRole('button', { name: 'Sắp xếp theo Dự sinh hoạt' });
  await sortBy.click();
  const desc = await leader.get(`/api/reports/organizations?${q}&sort=meetingAttendanceRate&order=desc`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect(await rowNames()).toEqual(desc.items.map((c: any) => c.name));
  await expect(table.getByRole('columnheader', { name: /Dự sinh hoạt/ })).toHaveAttribute(
    'aria-sort',
    'descending',
  );
  await sortBy.click();
  const asc = await leader.get(`/api/reports/organizations?${q}&sort=meetingAttendanceRate&order=asc`);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect(await rowNames()).toEqual(asc.items.map((c: any) => c.name));
  await sortBy.click();

  await expectAccessible(page);
  await screenshots(page, 'leader-reports');

  // Files: the overview as XLSX (read with exceljs), CSV and PDF (text read back).
  const xlsx = await download(page, 'Tải báo cáo tổng hợp dạng XLSX');
  expect(xlsx.name).toMatch(/\.xlsx$/);
  const sheet = await sheetOf(xlsx.file);
  expect(sheet.getCell('A2').text).toBe(`Tổ chức: ${overview.organizationName}`);
  const byLabel = new Map<string, ExcelJS.Row>();
  sheet.eachRow((row) => byLabel.set(row.getCell(2).text, row));
  expect(byLabel.get('Tổng số đảng viên')!.getCell(3).value).toBe(overview.members.total);
  const yearlyRow = byLabel.get('Đăng ký làm theo cả năm (đã duyệt, có nội dung làm theo)')!;
  expect([yearlyRow.getCell(3).value, yearlyRow.getCell(4).value, yearlyRow.getCell(5).value]).toEqual([
    overview.registration.yearly.registered,
    overview.registration.yearly.expected,
    overview.registration.yearly.rate,
  ]);
  const csv = await download(page, 'Tải báo cáo tổng hợp dạng CSV');
  expect(csv.name).toMatch(/\.csv$/);
  expect(csv.file.toString('utf8')).toContain(`Tổng số đảng viên,${overview.members.total}`);
  const pdf = await download(page, 'Tải báo cáo tổng hợp dạng PDF');
  expect(pdf.name).toMatch(/\.pdf$/);
  const parser = new PDFParse({ data: new Uint8Array(pdf.file) });
  const text = (await parser.getText()).text.replace(/\s+/g, ' ');
  await parser.destroy();
  expect(text).toContain(`BÁO CÁO TỔNG HỢP NĂM ${year}`);
  expect(text).toContain(overview.organizationName);

  // The per-child table as XLSX, in the order the page shows (sorted by attendance, descending).
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect(await rowNames()).toEqual(desc.items.map((c: any) => c.name));
  const childXlsx = await sheetOf((await download(page, 'Tải bảng các tổ chức trực thuộc dạng XLSX')).file);
  const fileNames: string[] = [];
  childXlsx.eachRow((row, n) => {
    if (n > 6) fileNames.push(row.getCell(1).text);
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  expect(fileNames).toEqual(desc.items.map((c: any) => c.name));
  const monthCsv = (await download(page, 'Tải diễn biến theo tháng dạng CSV')).file.toString('utf8');
  expect(monthCsv.split('\r\n').filter(Boolean)).toHaveLength(13);
  const yearsXlsx = await sheetOf((await download(page, 'Tải diễn biến qua các năm dạng XLSX')).file);
  expect(yearsXlsx.getRow(7).getCell(1).value).toBe(year - 4);
  expect((await download(page, 'Tải báo cáo nêu gương dạng XLSX')).name).toMatch(/\.xlsx$/);

  // Drill down: a child's name opens its own report, whose figures are its own; the trail leads back.
  const child = children.items.find(
    (c: { kind: string; members: number }) => c.kind === 'committee' && c.members > 0,
  );
  await table.getByRole('link', { name: child.name, exact: true }).click();
  await expect(
    page.getByRole('heading', { level: 2, name: `Tổng hợp năm ${year}: ${child.name}` }),
  ).toBeVisible();
  const childOverview = await leader.get(
    `/api/reports/overview?organizationId=${child.organizationId}&year=${year}`,
  );
  await expectOverview(page, childOverview);
  expect(childOverview.members.total).toBe(child.members);
  await expectAccessible(page);
  await screenshots(page, 'leader-reports-child');
  await page
    .getByRole('navigation', { name: 'Vị trí trong cây tổ chức' })
    .getByRole('link', { name: overview.organizationName })
    .click();
  await expect(
    page.getByRole('heading', { level: 2, name: `Tổng hợp năm ${year}: ${overview.organizationName}` }),
  ).toBeVisible();
});

/**
 * The demo has no evaluation cycle: this journey opens one of last year for Đảng bộ phường Tích Sơn
 * (no other journey reads that ward's last year) and generates its evaluations, once per database.
 */
test('Báo cáo: the classification list with each member’s bản kiểm điểm (DOCX) and the list as XLSX', async ({
  page,
  request,
}) => {
  const leader = await apiAs(request, PROVINCE_LEADER);
  const year = vnYear() - 1;
  const tree = await leader.get('/api/organizations');
  const ward = tree[0].children.find((o: { name: string }) => o.name === 'Đảng bộ phường Tích Sơn');
  const cycles = await leader.get(`/api/evaluation-cycles?organizationId=${ward.id}&year=${year}`);
  if (cycles.items.length === 0) {
    const cycle = await leader.post('/api/evaluation-cycles', { organizationId: ward.id, year });
    await leader.post(`/api/evaluation-cycles/${cycle.id}/generate`, {});
  }
  const list = await leader.get(`/api/reports/classification?organizationId=${ward.id}&year=${year}`);
  expect(list.items.length).toBeGreaterThan(0);

  await logIn(page, PROVINCE_LEADER);
  await page.goto(`/bao-cao?toChuc=${ward.id}&nam=${year}`);
  await page.getByRole('link', { name: 'Mở danh sách xếp loại' }).click();
  await expect(page.getByRole('heading', { level: 1, name: `Danh sách xếp loại năm ${year}` })).toBeVisible();
  await expect(page.getByText(`${list.organizationName}: ${num(list.items.length)} đảng viên`)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, 'leader-classification');
  const xlsx = await sheetOf((await download(page, 'Tải danh sách xếp loại dạng XLSX')).file);
  expect(xlsx.rowCount - 6).toBe(list.items.length);
  expect(xlsx.getRow(7).getCell(2).text).toBe(list.items[0].fullName);

  // Found without diacritics, then the member's bản kiểm điểm, unzipped and read.
  const member = list.items[list.items.length - 1];
  const plain = member.fullName.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');
  await page.getByRole('textbox', { name: 'Tìm theo họ tên' }).fill(plain.toLowerCase());
  const docx = await download(page, `Tải bản kiểm điểm của ${member.fullName} dạng DOCX`);
  expect(docx.name).toMatch(/\.docx$/);
  const zip = await JSZip.loadAsync(docx.file);
  const text = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  expect(text).toContain('BẢN KIỂM ĐIỂM CÁ NHÂN');
  expect(text).toContain(`Năm ${year}`);
  expect(text).toContain(`Họ và tên: ${member.fullName}`);
});
