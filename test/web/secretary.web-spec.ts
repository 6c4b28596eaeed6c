import { expect, Page, test } from '@playwright/test';
import {
  DESKTOP,
  expectAccessible,
  expectNoHorizontalScroll,
  logIn,
  openMenu,
  PHONE,
  screenshots,
  SECRETARY,
} from './helpers.js';

/** Journeys 4 and 5 of UI.md: the bí thư chi bộ reviews the cell's commitments and records a meeting. */

async function goTo(page: Page, link: string, heading: string): Promise<void> {
  await openMenu(page);
  await page.getByRole('link', { name: link }).click();
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
}

test.describe('Secretary: the review queue (journey 4)', () => {
  test.use({ viewport: DESKTOP });

  test('returns one with a reason, accepts the rest at once, assesses reported results', async ({ page }) => {
    await logIn(page, SECRETARY);
    await goTo(page, 'Duyệt cam kết', 'Duyệt cam kết');
    const toReview = page.getByRole('region', { name: /^Chờ duyệt/ });
    const lines = toReview.getByRole('link');
    await expect(lines.first()).toBeVisible();
    expect(await lines.count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(page);
    await screenshots(page, 'secretary-queue');

    // Open the first, return it with a reason.
    const first = lines.first();
    const firstName = (await first.textContent()) ?? '';
    await first.click();
    await expect(page.getByRole('heading', { level: 1, name: /^Cam kết/ })).toBeVisible();
    await page.getByRole('button', { name: 'Trả lại' }).click();
    const reason = 'Đồng chí bổ sung chỉ tiêu cụ thể cho mục học tập chuyên đề của chi bộ.';
    await page.getByRole('textbox', { name: 'Lý do' }).fill(reason);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Trả lại' }).click();
    await expect(page.getByText('Bị trả lại', { exact: true })).toBeVisible();
    await expect(page.getByRole('note')).toContainText(reason);

    // Back in the queue, the returned one is gone: accept every one left at once.
    await goTo(page, 'Duyệt cam kết', 'Duyệt cam kết');
    await expect(toReview.getByRole('link', { name: firstName })).toHaveCount(0);
    const left = await toReview.getByRole('link').count();
    expect(left).toBeGreaterThanOrEqual(1);
    await toReview.getByRole('checkbox', { name: 'Chọn tất cả' }).check();
    await toReview.getByRole('button', { name: `Chấp nhận ${left} bản đã chọn` }).click();
    await expect(page.getByText(`Đã chấp nhận ${left} bản cam kết.`)).toBeVisible();
    await expect(toReview.getByRole('link')).toHaveCount(0);
    await expect(toReview.getByText('Không có bản cam kết nào chờ duyệt.')).toBeVisible();

    // Assess the first reported commitment.
    const toAssess = page.getByRole('region', { name: /^Chờ đánh giá kết quả/ });
    await toAssess.getByRole('link').first().click();
    await expect(page.getByRole('heading', { level: 2, name: 'Đánh giá kết quả' })).toBeVisible();
    await page.getByRole('radio', { name: 'Đạt', exact: true }).check();
    await page
      .getByRole('textbox', { name: 'Nhận xét' })
      .fill('Hoàn thành tốt các mục đã đăng ký; tích cực góp ý trong chi bộ.');
    await expectAccessible(page);
    await screenshots(page, 'secretary-assess');
    await page.getByRole('button', { name: 'Đánh giá' }).click();
    await expect(page.getByText('Đã đánh giá', { exact: true }).first()).toBeVisible();
  });

  test('enters a commitment on behalf of a member who has not registered', async ({ page }) => {
    await logIn(page, SECRETARY);
    await goTo(page, 'Duyệt cam kết', 'Duyệt cam kết');
    const missing = page.getByRole('region', { name: 'Đảng viên chưa đăng ký' });
    await missing.getByRole('combobox', { name: 'Loại kỳ' }).selectOption('quarterly');
    const enter = missing.getByRole('link', { name: /^Nhập thay cho / }).first();
    await expect(enter).toBeVisible();
    const who = ((await enter.getAttribute('aria-label')) ?? '').replace('Nhập thay cho ', '');
    await expectAccessible(page);
    await enter.click();
    await expect(page.getByRole('heading', { level: 1, name: `Nhập thay cam kết cho ${who}` })).toBeVisible();
    const STUDY = 'Học tập nghị quyết, chuyên đề';
    await page.getByRole('button', { name: `Thêm mục: ${STUDY}` }).click();
    await page
      .getByRole('group', { name: `${STUDY}, mục 1` })
      .getByRole('textbox', { name: 'Nội dung' })
      .fill('Học tập đầy đủ chuyên đề năm của Đảng bộ phường.');
    await page.getByRole('button', { name: 'Lưu nháp' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /^Cam kết quý/ })).toBeVisible();
    await expect(page.getByText('Bí thư nhập thay')).toBeVisible();
    await expect(page.getByText(who, { exact: true })).toBeVisible();
  });
});

test.describe('Secretary: a cell meeting from the roster (journey 5)', () => {
  test.use({ viewport: PHONE });

  test('records attendance with one tap per person, presented commitments and minutes', async ({ page }) => {
    await logIn(page, SECRETARY);
    await goTo(page, 'Sinh hoạt chi bộ', 'Sinh hoạt chi bộ');
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, 'secretary-meetings');

    await page.getByRole('link', { name: 'Ghi biên bản sinh hoạt' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Ghi biên bản sinh hoạt' })).toBeVisible();
    await page
      .getByRole('textbox', { name: 'Nội dung chính' })
      .fill('Sinh hoạt thường kỳ tháng 12: kiểm điểm việc thực hiện cam kết');
    const roster = page.getByRole('region', { name: 'Điểm danh' });
    const people = roster.getByRole('radiogroup');
    const count = await people.count();
    expect(count).toBeGreaterThanOrEqual(3);
    await expect(roster.getByTestId('attendance-counts')).toHaveText(
      `Có mặt ${count} · Vắng có lý do 0 · Vắng không lý do 0`,
    );
    const excused = (await people.nth(1).getAttribute('aria-labelledby'))!;
    const excusedName = await page.locator(`[id="${excused}"]`).textContent();
    await people.nth(1).getByText('Vắng có lý do').click();
    await people.nth(2).getByText('Vắng không lý do').click();
    await expect(roster.getByTestId('attendance-counts')).toHaveText(
      `Có mặt ${count - 2} · Vắng có lý do 1 · Vắng không lý do 1`,
    );
    const presented = page.getByRole('region', { name: 'Công khai cam kết' }).getByRole('checkbox');
    if ((await presented.count()) > 0) await presented.first().check();
    await page
      .getByRole('textbox', { name: 'Biên bản' })
      .fill('Chi bộ thống nhất công khai các bản cam kết đã được chấp nhận.');
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, 'secretary-meeting-form');

    await page.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: /^Sinh hoạt ngày \d{2}\/\d{2}\/\d{4}$/ }),
    ).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(excusedName!) });
    await expect(row).toContainText('Vắng có lý do');
    await expect(page.getByRole('region', { name: 'Biên bản' })).toContainText('công khai các bản cam kết');
    await expectAccessible(page);
    await expectNoHorizontalScroll(page);
    await screenshots(page, 'secretary-meeting');
  });

  test('keeps what was typed when the API refuses the meeting', async ({ page }) => {
    await logIn(page, SECRETARY);
    await page.goto('/sinh-hoat/moi');
    await expect(page.getByRole('heading', { level: 1, name: 'Ghi biên bản sinh hoạt' })).toBeVisible();
    // Two characters: the API asks for at least three, and says so next to the field.
    await page.getByRole('textbox', { name: 'Nội dung chính' }).fill('Họ');
    await page
      .getByRole('textbox', { name: 'Biên bản' })
      .fill('Biên bản chưa xong của đồng chí Nguyễn Thị Hằng.');
    await page.getByRole('button', { name: 'Lưu buổi sinh hoạt' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    await expect(page.getByRole('textbox', { name: 'Nội dung chính' })).toHaveAccessibleDescription(/.+/);
    await expect(page.getByRole('textbox', { name: 'Biên bản' })).toHaveValue(
      'Biên bản chưa xong của đồng chí Nguyễn Thị Hằng.',
    );
    await expect(page.getByText('VALIDATION_FAILED')).toHaveCount(0);
  });
});
